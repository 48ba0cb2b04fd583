package io.zonecam.media.bits;

import java.util.Arrays;

/**
 * BitWriter writes big-endian bit fields and exp-Golomb codes into a growing buffer; the inverse of
 * {@link BitReader}, used to build decoder configs and test vectors.
 */
public final class BitWriter {

    private byte[] buf = new byte[32];
    private long bit;

    /** Writes the low {@code n} (0..64) bits of {@code value}. */
    public BitWriter writeBits(long value, int n) {
        if (n < 0 || n > 64) {
            throw new IllegalArgumentException("writeBits supports 0..64 bits: " + n);
        }
        for (int i = n - 1; i >= 0; i--) {
            writeBit((int) (value >>> i) & 1);
        }
        return this;
    }

    /** Writes one bit. */
    public BitWriter writeBit(int b) {
        int pos = (int) (bit >>> 3);
        if (pos >= buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        if ((b & 1) != 0) {
            buf[pos] |= (byte) (0x80 >>> (bit & 7));
        }
        bit++;
        return this;
    }

    /** Writes a flag as one bit. */
    public BitWriter writeFlag(boolean f) {
        return writeBit(f ? 1 : 0);
    }

    /** Writes ue(v) (H.264 §9.1). */
    public BitWriter writeUe(long value) {
        if (value < 0 || value > 0xFFFF_FFFEL) {
            throw new IllegalArgumentException("ue(v) out of range: " + value);
        }
        long v = value + 1;
        int len = 64 - Long.numberOfLeadingZeros(v);
        writeBits(0, len - 1);
        return writeBits(v, len);
    }

    /** Writes se(v) (H.264 §9.1.1). */
    public BitWriter writeSe(long value) {
        return writeUe(value > 0 ? 2 * value - 1 : -2 * value);
    }

    /** Writes the rbsp_trailing_bits: a 1 bit and zero bits up to the byte boundary (H.264 §7.3.2.11). */
    public BitWriter writeTrailingBits() {
        writeBit(1);
        while ((bit & 7) != 0) {
            writeBit(0);
        }
        return this;
    }

    /** Bits written so far. */
    public long bitLength() {
        return bit;
    }

    /** The bytes written, the last one padded with zero bits. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, (int) ((bit + 7) >>> 3));
    }
}
