package io.zonecam.webrtc.sfu;

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

    /** Writes a version-2 RTP header without CSRCs or extension (RFC 3550 §5.1). */
    static void writeHeader(byte[] b, int off, boolean marker, int payloadType, int seq, int timestamp, int ssrc) {
        b[off] = (byte) 0x80;
        b[off + 1] = (byte) ((marker ? 0x80 : 0) | (payloadType & 0x7F));
        b[off + 2] = (byte) (seq >>> 8);
        b[off + 3] = (byte) seq;
        b[off + 4] = (byte) (timestamp >>> 24);
        b[off + 5] = (byte) (timestamp >>> 16);
        b[off + 6] = (byte) (timestamp >>> 8);
        b[off + 7] = (byte) timestamp;
        b[off + 8] = (byte) (ssrc >>> 24);
        b[off + 9] = (byte) (ssrc >>> 16);
        b[off + 10] = (byte) (ssrc >>> 8);
        b[off + 11] = (byte) ssrc;
    }

    static int readInt(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }
}
