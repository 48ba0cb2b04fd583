package io.zonecam.webrtc.rtx;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * RtxEncoder turns original RTP packets into RTX retransmission packets for one viewer (RFC 4588 §4, SSRC
 * multiplexing as WebRTC uses it): same header except the RTX payload type, the RTX SSRC and the RTX stream's own
 * sequence number, and a payload that starts with the original sequence number (OSN).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|   RTX PT    |   RTX sequence number         |
 * |                 timestamp (of the original)                   |
 * |                 RTX SSRC                                      |
 * |   CSRCs and header extension of the original, if any          |
 * |            OSN                |  original payload ...         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>The original's padding is not carried over (the P bit is cleared). Safe for concurrent use; malformed
 * originals are counted, never thrown.
 */
public final class RtxEncoder {

    private final int payloadType;
    private final int ssrc;
    private final AtomicInteger nextSequence;
    private final LongAdder encoded = new LongAdder();
    private final LongAdder malformed = new LongAdder();

    /**
     * @param rtxPayloadType  the negotiated RTX payload type (the one with {@code apt=} the media payload type)
     * @param rtxSsrc         the viewer's RTX SSRC (announced in {@code a=ssrc-group:FID})
     * @param initialSequence the first RTX sequence number; RFC 3550 §5.1 wants it random
     */
    public RtxEncoder(int rtxPayloadType, long rtxSsrc, int initialSequence) {
        if (rtxPayloadType < 0 || rtxPayloadType > 127) {
            throw new IllegalArgumentException("payload type out of range: " + rtxPayloadType);
        }
        this.payloadType = rtxPayloadType;
        this.ssrc = (int) rtxSsrc;
        this.nextSequence = new AtomicInteger(initialSequence & 0xFFFF);
    }

    /** Size of the RTX packet for an original of {@code length} bytes (at most two bytes more). */
    public static int maxEncodedLength(int length) {
        return length + 2;
    }

    /** A new RTX packet for the original, or {@code null} (counted) when the original is not a valid RTP packet. */
    public byte[] encode(byte[] original) {
        byte[] out = new byte[maxEncodedLength(original.length)];
        int n = encode(original, original.length, out, 0);
        if (n < 0) {
            return null;
        }
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }

    /**
     * Writes the RTX packet for {@code original[0..length)} into {@code dst} at {@code dstOffset}, which must have
     * {@link #maxEncodedLength} bytes of room.
     *
     * @return bytes written, or -1 (counted) when the original is not a valid RTP packet
     */
    public int encode(byte[] original, int length, byte[] dst, int dstOffset) {
        int payloadOffset = RtpHeader.payloadOffset(original, length);
        int payloadEnd = payloadOffset < 0 ? -1 : RtpHeader.payloadEnd(original, length, payloadOffset);
        if (payloadEnd < 0) {
            malformed.increment();
            return -1;
        }
        int seq = nextSequence.getAndIncrement() & 0xFFFF;
        System.arraycopy(original, 0, dst, dstOffset, payloadOffset);
        dst[dstOffset] = (byte) (original[0] & ~0x20); // no padding
        dst[dstOffset + 1] = (byte) ((original[1] & 0x80) | payloadType); // keep the marker bit
        dst[dstOffset + 2] = (byte) (seq >>> 8);
        dst[dstOffset + 3] = (byte) seq;
        dst[dstOffset + 8] = (byte) (ssrc >>> 24);
        dst[dstOffset + 9] = (byte) (ssrc >>> 16);
        dst[dstOffset + 10] = (byte) (ssrc >>> 8);
        dst[dstOffset + 11] = (byte) ssrc;
        // OSN: the original sequence number, network order (RFC 4588 §4).
        dst[dstOffset + payloadOffset] = original[2];
        dst[dstOffset + payloadOffset + 1] = original[3];
        int payloadLength = payloadEnd - payloadOffset;
        System.arraycopy(original, payloadOffset, dst, dstOffset + payloadOffset + 2, payloadLength);
        encoded.increment();
        return payloadOffset + 2 + payloadLength;
    }

    /** The sequence number the next RTX packet will carry. */
    public int nextSequenceNumber() {
        return nextSequence.get() & 0xFFFF;
    }

    /** RTX packets built. */
    public long encoded() {
        return encoded.sum();
    }

    /** Originals refused as malformed. */
    public long malformed() {
        return malformed.sum();
    }
}
