package io.zonecam.media.bits;

import io.zonecam.media.MediaFormatException;
import java.util.Arrays;

/**
 * Rbsp converts between NAL unit payload bytes and the raw byte sequence payload by removing or inserting
 * emulation_prevention_three_byte (H.264 §7.4.1, H.265 §7.4.2).
 */
public final class Rbsp {

    private Rbsp() {}

    /** Removes every 0x03 that follows two zero bytes (00 00 03 → 00 00). */
    public static byte[] unescape(byte[] src, int offset, int length) {
        MediaFormatException.checkRange(src.length, offset, length, "rbsp");
        byte[] out = new byte[length];
        int n = 0;
        int zeros = 0;
        for (int i = offset; i < offset + length; i++) {
            int b = src[i] & 0xff;
            if (zeros >= 2 && b == 3) {
                zeros = 0;
                continue;
            }
            out[n++] = (byte) b;
            zeros = b == 0 ? zeros + 1 : 0;
        }
        return n == length ? out : Arrays.copyOf(out, n);
    }

    /** Removes emulation prevention from a whole array. */
    public static byte[] unescape(byte[] src) {
        return unescape(src, 0, src.length);
    }

    /**
     * Inserts 0x03 wherever two zero bytes are followed by a byte ≤ 3, so the payload can never contain a start
     * code (H.264 §7.4.1: within the NAL unit, 00 00 0x for x in 0..3 must not occur).
     */
    public static byte[] escape(byte[] src, int offset, int length) {
        MediaFormatException.checkRange(src.length, offset, length, "rbsp");
        byte[] out = new byte[length + length / 2 + 1];
        int n = 0;
        int zeros = 0;
        for (int i = offset; i < offset + length; i++) {
            int b = src[i] & 0xff;
            if (zeros >= 2 && b <= 3) {
                out[n++] = 3;
                zeros = 0;
            }
            out[n++] = (byte) b;
            zeros = b == 0 ? zeros + 1 : 0;
        }
        return Arrays.copyOf(out, n);
    }
}
