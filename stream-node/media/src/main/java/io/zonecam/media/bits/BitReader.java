package io.zonecam.media.bits;

import io.zonecam.media.MediaFormatException;

/**
 * BitReader reads big-endian bit fields and exp-Golomb codes from a byte range, as the H.264/H.265 parameter-set
 * syntax and the MPEG-4 audio configs need.
 *
 * <p>Every read is bounds-checked: reading past the end throws {@link MediaFormatException}. The reader works on
 * whatever bytes it is given; remove emulation prevention first ({@link Rbsp#unescape}) for NAL unit payloads.
 */
public final class BitReader {

    private final byte[] data;
    private final int start;
    private final long endBit;
    private long bit;

    public BitReader(byte[] data) {
        this(data, 0, data.length);
    }

    public BitReader(byte[] data, int offset, int length) {
        MediaFormatException.checkRange(data.length, offset, length, "bit reader");
        this.data = data;
        this.start = offset;
        this.bit = (long) offset * 8;
        this.endBit = (long) (offset + length) * 8;
    }

    /** Bits left to read. */
    public long bitsLeft() {
        return endBit - bit;
    }

    /** Bits read so far. */
    public long position() {
        return bit - (long) start * 8;
    }

    /** True when the next read starts on a byte boundary. */
    public boolean isByteAligned() {
        return (bit & 7) == 0;
    }

    /** Skips to the next byte boundary. */
    public void byteAlign() {
        bit = (bit + 7) & ~7L;
        if (bit > endBit) {
            bit = endBit;
        }
    }

    /** Reads one bit. */
    public int readBit() {
        require(1);
        int v = (data[(int) (bit >>> 3)] >> (7 - (int) (bit & 7))) & 1;
        bit++;
        return v;
    }

    /** Reads one bit as a flag. */
    public boolean readFlag() {
        return readBit() == 1;
    }

    /** Reads an unsigned field of 0..32 bits (u(n)); 32-bit values come back as their unsigned long value. */
    public long readBits(int n) {
        if (n < 0 || n > 32) {
            throw new IllegalArgumentException("readBits supports 0..32 bits: " + n);
        }
        return readLong(n);
    }

    /** Reads an unsigned field of 0..31 bits as an int. */
    public int readInt(int n) {
        if (n < 0 || n > 31) {
            throw new IllegalArgumentException("readInt supports 0..31 bits: " + n);
        }
        return (int) readLong(n);
    }

    /** Reads a field of 0..64 bits (64-bit values may come back negative). */
    public long readLong(int n) {
        if (n < 0 || n > 64) {
            throw new IllegalArgumentException("readLong supports 0..64 bits: " + n);
        }
        require(n);
        long v = 0;
        int left = n;
        while (left > 0) {
            int bytePos = (int) (bit >>> 3);
            int bitInByte = (int) (bit & 7);
            int take = Math.min(8 - bitInByte, left);
            int b = (data[bytePos] & 0xff) >> (8 - bitInByte - take) & ((1 << take) - 1);
            v = (v << take) | b;
            bit += take;
            left -= take;
        }
        return v;
    }

    /** Skips {@code n} bits. */
    public void skip(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("negative skip: " + n);
        }
        require(n);
        bit += n;
    }

    /**
     * Reads an unsigned exp-Golomb code ue(v) (H.264 §9.1). Codes longer than 32 bits (values above 2^32 - 2) are
     * refused: no field Zonecam reads is that large, and refusing bounds the work on hostile input.
     */
    public long readUe() {
        int zeros = 0;
        while (readBit() == 0) {
            zeros++;
            if (zeros > 31) {
                throw new MediaFormatException("exp-Golomb code longer than 32 bits");
            }
        }
        return (1L << zeros) - 1 + readLong(zeros);
    }

    /** Reads ue(v) and checks it is at most {@code max} (for syntax elements with a defined range). */
    public int readUe(int max, String what) {
        long v = readUe();
        if (v > max) {
            throw new MediaFormatException(what + " out of range 0.." + max + ": " + v);
        }
        return (int) v;
    }

    /** Reads a signed exp-Golomb code se(v) (H.264 §9.1.1: 1, -1, 2, -2, ...). */
    public long readSe() {
        long k = readUe();
        return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
    }

    /**
     * True when RBSP data remains before the rbsp_trailing_bits (H.264 §7.2 more_rbsp_data()): i.e. there is a
     * 1 bit somewhere after the current position other than the last 1 bit of the range.
     */
    public boolean moreRbspData() {
        if (bit >= endBit) {
            return false;
        }
        // Find the last 1 bit in the range: the rbsp_stop_one_bit.
        long last = endBit - 1;
        while (last >= bit && ((data[(int) (last >>> 3)] >> (7 - (int) (last & 7))) & 1) == 0) {
            last--;
        }
        return last > bit;
    }

    private void require(long n) {
        if (bit + n > endBit) {
            throw new MediaFormatException("read of " + n + " bits past the end (" + bitsLeft() + " left)");
        }
    }
}
