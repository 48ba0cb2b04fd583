package io.zonecam.webrtc.negotiation;

/**
 * WhepAnswer is the SDP answer text for the WHEP response body ({@code application/sdp}) and the negotiated
 * parameters behind it.
 *
 * @param sdp     the answer, CRLF line endings (RFC 8866 §5)
 * @param session what the answer agreed to
 */
public record WhepAnswer(String sdp, NegotiatedSession session) {}
