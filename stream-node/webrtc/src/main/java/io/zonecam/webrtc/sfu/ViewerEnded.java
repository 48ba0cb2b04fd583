package io.zonecam.webrtc.sfu;

/**
 * ViewerEnded tells the SFU's owner that a WHEP viewer ended (once per viewer): which, of which camera, why, and the
 * SRTP bytes it was sent, so the node can report who watched and how much.
 */
public record ViewerEnded(String viewerId, String cameraId, ViewerCloseReason reason, long bytesSent) {}
