package io.zonecam.webrtc.sfu;

/**
 * ViewerAnswer is what {@link Sfu#createViewer} returns for a WHEP POST: the id to put in the session URL
 * ({@code Location}), the SDP answer body, and an ETag naming the ICE session (RFC 9725 §4.3.1).
 *
 * @param viewerId  an unguessable id (128 random bits, base64url) for {@code DELETE} and the Location URL
 * @param answerSdp the {@code application/sdp} answer
 * @param etag      the entity tag for the session, quoted as HTTP wants it
 * @param audioNote why the answer has no audio, or {@code null} when it has
 */
public record ViewerAnswer(String viewerId, String answerSdp, String etag, String audioNote) {}
