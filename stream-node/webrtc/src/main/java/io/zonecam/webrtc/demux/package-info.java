/**
 * Sorting the datagrams of the node's single media port into STUN, DTLS, RTP and RTCP (RFC 7983 §7, RFC 5761 §4).
 *
 * <p>Invariant: classification reads at most the first two bytes and guarantees the fixed header of the kind it
 * returns is present; everything else is {@code UNKNOWN} and dropped by the caller.
 */
package io.zonecam.webrtc.demux;
