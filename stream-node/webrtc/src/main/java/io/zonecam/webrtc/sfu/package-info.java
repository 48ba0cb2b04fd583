/**
 * The embedded SFU: {@link io.zonecam.webrtc.sfu.Sfu} takes camera frames and WHEP offers and fans each camera out to
 * its viewers over the single-port transport.
 *
 * <p>Invariants (written out in {@code stream-node/webrtc/SFU.md}): a picture is packetized once per camera and
 * shared by reference; per viewer only the RTP header is written and the payload encrypted into the sending buffer;
 * every queue is bounded and a full one drops by the slow-viewer policy, never blocks a producer; each viewer's
 * outbound SRTP state belongs to one egress thread, its inbound state to the receive thread; a new viewer starts on
 * the cached GOP at once.
 *
 * <p>Threads, written once here and drawn in SFU.md:
 * <ul>
 *   <li>ingest thread: {@link io.zonecam.webrtc.sfu.CameraStream} packetizes under its lock and hands references to
 *       each {@link io.zonecam.webrtc.sfu.ViewerQueue} (O(1) under the queue's lock, never blocking);</li>
 *   <li>receive thread ({@code webrtc-udp-rx}): STUN to the ICE agent, DTLS to {@link io.zonecam.webrtc.sfu.Viewer},
 *       SRTCP to {@link io.zonecam.webrtc.sfu.ViewerFeedback} (inbound SRTP, rate limiter: this thread only);</li>
 *   <li>one DTLS thread per handshake: on completion it builds the viewer's SRTP contexts, opens its queue and
 *       attaches it to the camera;</li>
 *   <li>egress workers ({@code webrtc-egress-K}): each viewer belongs to one for life, which alone uses its
 *       {@link io.zonecam.webrtc.sfu.ViewerEgress} (outbound SRTP, sequence numbers, RTX, sender reports);</li>
 *   <li>housekeeping: timeouts, sender-report requests, the egress rate.</li>
 * </ul>
 * A viewer reaches the SFU only through its {@link io.zonecam.webrtc.sfu.ViewerContext} and
 * {@link io.zonecam.webrtc.sfu.ViewerEvents}.
 */
package io.zonecam.webrtc.sfu;
