package io.zonecam.webrtc.sfu;

import io.zonecam.media.rtp.RtpPacket;

/**
 * OutboundPacket is one RTP packet of a camera, packetized once and shared read-only by every viewer of the camera:
 * a complete RTP packet in the camera's own numbering (sequence number, timestamp), which each viewer's egress
 * rewrites into its own header before encrypting the untouched payload.
 */
final class OutboundPacket {

    /** RTP fixed header length (RFC 3550 §5.1); the SFU writes no CSRCs and no extensions. */
    static final int HEADER = 12;

    /** The whole packet; never changed after construction (the retransmission buffer keeps it too). */
    final byte[] data;

    final boolean video;
    final int cameraSequence;
    final int rtpTimestamp;

    OutboundPacket(byte[] data, boolean video, int cameraSequence, int rtpTimestamp) {
        this.data = data;
        this.video = video;
        this.cameraSequence = cameraSequence;
        this.rtpTimestamp = rtpTimestamp;
    }

    boolean marker() {
        return (data[1] & 0x80) != 0;
    }

    int payloadLength() {
        return data.length - HEADER;
    }

    /**
     * Writes a version-2 RTP header without CSRCs or extension (RFC 3550 §5.1): the media module's writer, with this
     * package's argument order and 32-bit timestamp and SSRC.
     */
    static void writeHeader(byte[] b, int off, boolean marker, int payloadType, int seq, int timestamp, int ssrc) {
        RtpPacket.write(b, off, payloadType, marker, seq, timestamp, ssrc);
    }

    static int readInt(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }
}
