/**
 * The node's media port: one UDP socket for every viewer, demultiplexed per RFC 7983 §7 to the ICE-lite agent (STUN,
 * answered in place), and by remote address to the viewer that an authenticated check mapped it to (DTLS, SRTCP).
 *
 * <p>Invariants: one receive thread per transport, reading into one reused buffer; handlers must copy what they keep
 * and never block it. Sends never block: the socket is non-blocking and a full send buffer drops the datagram
 * (counted). Nothing from an address that no authenticated STUN check validated reaches a viewer, except that a
 * bounded number of early DTLS datagrams are held for a short while in case their check is just behind them.
 */
package io.zonecam.webrtc.transport;
