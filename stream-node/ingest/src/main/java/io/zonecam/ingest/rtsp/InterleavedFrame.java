package io.zonecam.ingest.rtsp;

/**
 * InterleavedFrame is one {@code $}-framed binary packet on the RTSP connection (RFC 2326 §10.12): RTP or RTCP on
 * an interleaved channel.
 *
 * @param channel the channel id 0..255 (even RTP, odd RTCP by the usual SETUP convention)
 * @param data    the packet, owned by the frame
 */
public record InterleavedFrame(int channel, byte[] data) {}
