/**
 * The embedded SFU: {@link io.zonecam.webrtc.sfu.Sfu} takes camera frames and WHEP offers and fans each camera out to
 * its viewers over the single-port transport.
 *
 * <p>Invariants (written out in {@code stream-node/webrtc/SFU.md}): a picture is packetized once per camera and
 * shared by reference; per viewer only the RTP header is written and the payload encrypted into the sending buffer;
 * every queue is bounded and a full one drops by the slow-viewer policy, never blocks a producer; each viewer's
 * outbound SRTP state belongs to one egress thread, its inbound state to the receive thread; a new viewer starts on
 * the cached GOP at once.
 */
package io.zonecam.webrtc.sfu;
