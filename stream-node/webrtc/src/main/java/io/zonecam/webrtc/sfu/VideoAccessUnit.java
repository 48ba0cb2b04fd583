package io.zonecam.webrtc.sfu;

/**
 * VideoAccessUnit is one camera picture as the RTP packets it was packetized into, shared by the GOP cache and every
 * viewer's queue.
 *
 * @param packets   the packets in order; the last carries the marker bit
 * @param keyframe  whether the picture is an IDR (with SPS/PPS in front)
 * @param bytes     the packets' total length
 * @param timestamp the camera-side RTP timestamp (90 kHz)
 */
record VideoAccessUnit(OutboundPacket[] packets, boolean keyframe, int bytes, int timestamp) {}
