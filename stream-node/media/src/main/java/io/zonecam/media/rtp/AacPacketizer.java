package io.zonecam.media.rtp;

/**
 * AacPacketizer writes raw AAC frames as RTP payloads of RFC 3640 mode AAC-hbr (§3.3.6: sizeLength 13,
 * indexLength 3, indexDeltaLength 3): one access unit per packet, fragmented over several packets (§3.2.3.1)
 * when it does not fit, each fragment repeating the AU header with the full AU size.
 *
 * <p>Matching SDP: {@code a=fmtp:<pt> streamtype=5; profile-level-id=15; mode=AAC-hbr; sizelength=13;
 * indexlength=3; indexdeltalength=3; config=<hex AudioSpecificConfig>}. Thread-safe, stateless.
 */
public final class AacPacketizer {

    /** Largest AU the 13-bit AU-size field can express. */
    public static final int MAX_ACCESS_UNIT = (1 << 13) - 1;

    private final int maxPayload;
    private final int headroom;

    /**
     * @param maxPayloadSize largest RTP payload
     * @param headroom       bytes left free before each payload for the RTP header
     */
    public AacPacketizer(int maxPayloadSize, int headroom) {
        if (maxPayloadSize < 5 || headroom < 0) {
            throw new IllegalArgumentException("maxPayloadSize must be at least 5 and headroom not negative");
        }
        this.maxPayload = maxPayloadSize;
        this.headroom = headroom;
    }

    /** Packetizes one raw AAC frame; returns the number of payloads (marker set on the last). */
    public int packetize(byte[] frame, int offset, int length, PayloadSink sink) {
        if (length <= 0 || length > MAX_ACCESS_UNIT) {
            throw new IllegalArgumentException("AAC access unit of " + length + " bytes does not fit AU-size");
        }
        int pos = offset;
        int end = offset + length;
        int packets = 0;
        while (pos < end) {
            int n = Math.min(maxPayload - 4, end - pos);
            byte[] buf = sink.buffer(headroom + 4 + n);
            buf[headroom] = 0; // AU-headers-length in bits: one 16-bit header
            buf[headroom + 1] = 16;
            buf[headroom + 2] = (byte) (length >> 5); // AU-size (13 bits), AU-Index 0 (3 bits)
            buf[headroom + 3] = (byte) ((length & 0x1f) << 3);
            System.arraycopy(frame, pos, buf, headroom + 4, n);
            pos += n;
            sink.packet(buf, headroom, 4 + n, pos == end);
            packets++;
        }
        return packets;
    }
}
