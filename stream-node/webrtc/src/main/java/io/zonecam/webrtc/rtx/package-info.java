/**
 * Retransmission for NACKed video packets: a per-camera {@link io.zonecam.webrtc.rtx.RetransmissionBuffer} shared by
 * all viewers, and a per-viewer {@link io.zonecam.webrtc.rtx.RtxEncoder} that wraps found packets as RTX
 * (RFC 4588 §4) on the viewer's RTX SSRC and payload type.
 *
 * <p>Invariants: the buffer is keyed by the camera's outgoing sequence number space, which the SFU keeps identical
 * for every viewer (it rewrites only SSRC and payload type per viewer), so one stored copy serves every NACK. Memory
 * per camera is bounded by the ring capacity; lookups never block the camera's fan-out thread. Viewers that did not
 * negotiate RTX get the stored packet again as is (RFC 4585 plain retransmission) with their own SSRC/PT rewrite.
 */
package io.zonecam.webrtc.rtx;
