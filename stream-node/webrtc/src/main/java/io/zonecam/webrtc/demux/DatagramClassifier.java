package io.zonecam.webrtc.demux;

import java.util.concurrent.atomic.LongAdder;

/**
 * DatagramClassifier sorts the datagrams of one UDP port (or one ICE-TCP frame) into STUN, DTLS, RTP and RTCP.
 *
 * <p>The first byte decides, as RFC 7983 §7 lays out:
 * <pre>
 *                  +----------------+
 *                  |        [0..3] -+--&gt; STUN
 *                  |                |
 *                  |      [16..19] -+--&gt; ZRTP      (dropped)
 *      packet --&gt;  |                |
 *                  |      [20..63] -+--&gt; DTLS
 *                  |                |
 *                  |      [64..79] -+--&gt; TURN channel (dropped)
 *                  |                |
 *                  |    [128..191] -+--&gt; RTP/RTCP
 *                  +----------------+
 * </pre>
 * RTP and RTCP share the port (RFC 5761): the second byte is an RTCP packet type in 192–223 exactly when, with the
 * marker bit masked off, it would be an RTP payload type in 64–95, which RFC 5761 §4 keeps free for that reason.
 *
 * <p>Minimum lengths are checked here so later stages can read their fixed headers without a bounds check failing:
 * STUN 20 bytes, DTLS 13 (record header), RTP 12, RTCP 8. Counts per kind are kept; the instance is thread-safe.
 */
public final class DatagramClassifier {

    static final int STUN_HEADER = 20;
    static final int DTLS_RECORD_HEADER = 13;
    static final int RTP_HEADER = 12;
    static final int RTCP_HEADER = 8;

    private final LongAdder[] counts = new LongAdder[DatagramKind.values().length];

    /** Creates a classifier with all counts at zero. */
    public DatagramClassifier() {
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    /** Classifies a datagram and counts it. */
    public DatagramKind classify(byte[] data, int offset, int length) {
        DatagramKind kind = kindOf(data, offset, length);
        counts[kind.ordinal()].increment();
        return kind;
    }

    /** How many datagrams of this kind were classified (UNKNOWN counts the dropped ones). */
    public long count(DatagramKind kind) {
        return counts[kind.ordinal()].sum();
    }

    /** Classifies a datagram without counting. */
    public static DatagramKind kindOf(byte[] data, int offset, int length) {
        if (data == null || length <= 0 || offset < 0 || offset > data.length - length) {
            return DatagramKind.UNKNOWN;
        }
        int b0 = data[offset] & 0xFF;
        if (b0 <= 3) {
            return length >= STUN_HEADER ? DatagramKind.STUN : DatagramKind.UNKNOWN;
        }
        if (b0 >= 20 && b0 <= 63) {
            return length >= DTLS_RECORD_HEADER ? DatagramKind.DTLS : DatagramKind.UNKNOWN;
        }
        if (b0 >= 128 && b0 <= 191) {
            if (length < 2) {
                return DatagramKind.UNKNOWN;
            }
            if (isRtcpPacketType(data[offset + 1] & 0xFF)) {
                return length >= RTCP_HEADER ? DatagramKind.RTCP : DatagramKind.UNKNOWN;
            }
            return length >= RTP_HEADER ? DatagramKind.RTP : DatagramKind.UNKNOWN;
        }
        return DatagramKind.UNKNOWN;
    }

    /**
     * Whether the second byte of an RTP/RTCP packet is an RTCP packet type: 192–223, i.e. an RTP payload type of
     * 64–95 once the marker bit is removed (RFC 5761 §4).
     */
    public static boolean isRtcpPacketType(int secondByte) {
        int pt = secondByte & 0x7F;
        return pt >= 64 && pt <= 95;
    }
}
