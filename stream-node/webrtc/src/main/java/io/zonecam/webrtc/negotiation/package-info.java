/**
 * WHEP offer/answer for receive-only viewers of one camera (RFC 9725, JSEP RFC 8829 §5.3): the node answers as an
 * ICE-lite, DTLS-server, send-only peer on one bundled transport per viewer.
 *
 * <p>Invariants: the answer mirrors the offer's m= sections (count, order, type, mid); only the H.264 video section
 * and at most one bundled Opus/G.711 audio section are accepted, everything else gets port 0; nothing from the offer
 * is echoed unless it is a validated token or control-character-free fmtp; any offer text yields a
 * {@link io.zonecam.webrtc.negotiation.WhepAnswer} or a {@link io.zonecam.webrtc.negotiation.NegotiationException}
 * (fuzzed). Codec and profile choices are documented on {@link io.zonecam.webrtc.negotiation.WhepNegotiator}.
 */
package io.zonecam.webrtc.negotiation;
