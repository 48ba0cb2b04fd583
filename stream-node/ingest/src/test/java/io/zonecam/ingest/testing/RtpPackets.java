package io.zonecam.ingest.testing;

/** RtpPackets builds RTP packets (RFC 3550 §5.1) for tests that publish by hand. */
public final class RtpPackets {

    private RtpPackets() {}

    /** A packet with a 12-byte header: version 2, no padding/extension/CSRC. */
    public static byte[] packet(int payloadType, boolean marker, int seq, long timestamp, long ssrc, byte[] payload) {
        byte[] p = new byte[12 + payload.length];
        p[0] = (byte) 0x80;
        p[1] = (byte) ((marker ? 0x80 : 0) | payloadType);
        p[2] = (byte) (seq >> 8);
        p[3] = (byte) seq;
        p[4] = (byte) (timestamp >>> 24);
        p[5] = (byte) (timestamp >>> 16);
        p[6] = (byte) (timestamp >>> 8);
        p[7] = (byte) timestamp;
        p[8] = (byte) (ssrc >>> 24);
        p[9] = (byte) (ssrc >>> 16);
        p[10] = (byte) (ssrc >>> 8);
        p[11] = (byte) ssrc;
        System.arraycopy(payload, 0, p, 12, payload.length);
        return p;
    }
}
