/**
 * SRTP and SRTCP (RFC 3711, RFC 7714) for the DTLS-SRTP profiles browsers negotiate, keyed from the DTLS exporter
 * (RFC 5764 §4.2).
 *
 * <p>Invariants: one {@link io.zonecam.webrtc.srtp.SrtpContext} per direction per viewer, used by one thread; a
 * receiver commits state (ROC, replay window, new SSRC) only after a packet authenticates; a sender never reuses an
 * index unless told the packet is an identical retransmission; failures are counted and returned as negative codes.
 * The cryptography of each profile is one {@link io.zonecam.webrtc.srtp.SrtpTransform} class; everything else
 * (indices, replay, streams, counters) is the context's and the same for every profile.
 */
package io.zonecam.webrtc.srtp;
