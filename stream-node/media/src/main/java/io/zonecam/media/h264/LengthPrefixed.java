package io.zonecam.media.h264;

import io.zonecam.media.MediaFormatException;
import io.zonecam.media.bits.ByteSlice;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * LengthPrefixed reads and writes access units as NAL units each preceded by a 4-byte big-endian length, the
 * sample layout of MP4 (ISO 14496-15 §5.3.2 with lengthSizeMinusOne = 3) and of {@link io.zonecam.media.frame.MediaFrame}.
 * The same layout serves H.265 (ISO 14496-15 §8.3.2).
 */
public final class LengthPrefixed {

    /** Most NAL units accepted in one access unit; real cameras send at most a few dozen slices. */
    public static final int MAX_NALS = 1024;

    private LengthPrefixed() {}

    /** Splits an access unit into NAL unit views; throws when a length runs past the end or a NAL is empty. */
    public static List<ByteSlice> split(byte[] accessUnit) {
        return split(accessUnit, 0, accessUnit.length);
    }

    /** Splits {@code length} bytes at {@code offset} into NAL unit views. */
    public static List<ByteSlice> split(byte[] data, int offset, int length) {
        MediaFormatException.checkRange(data.length, offset, length, "access unit");
        List<ByteSlice> nals = new ArrayList<>();
        int pos = offset;
        int end = offset + length;
        while (pos < end) {
            if (end - pos < 4) {
                throw new MediaFormatException("truncated NAL length at " + (pos - offset));
            }
            long len = readLength(data, pos);
            if (len == 0 || len > end - pos - 4) {
                throw new MediaFormatException("NAL length " + len + " at " + (pos - offset) + " does not fit");
            }
            if (nals.size() == MAX_NALS) {
                throw new MediaFormatException("more than " + MAX_NALS + " NAL units in an access unit");
            }
            nals.add(new ByteSlice(data, pos + 4, (int) len));
            pos += 4 + (int) len;
        }
        return nals;
    }

    /**
     * Re-frames an access unit whose NAL units carry {@code lengthSize}-byte lengths (1, 2 or 4: avcC/hvcC
     * lengthSizeMinusOne + 1, ISO 14496-15 §5.3.2.1.2) into this 4-byte layout; always a copy. Throws when the lengths
     * do not tile the input exactly, a NAL unit is empty, or there is none.
     */
    public static byte[] fromLengthSize(byte[] src, int offset, int length, int lengthSize) {
        if (lengthSize != 1 && lengthSize != 2 && lengthSize != 4) {
            throw new MediaFormatException("NAL length size " + lengthSize + " is not 1, 2 or 4");
        }
        MediaFormatException.checkRange(src.length, offset, length, "access unit");
        int end = offset + length;
        int count = 0;
        int payload = 0;
        for (int p = offset; p < end; ) {
            if (end - p < lengthSize) {
                throw new MediaFormatException("truncated NAL length at " + (p - offset));
            }
            long n = readLength(src, p, lengthSize);
            p += lengthSize;
            if (n == 0 || n > end - p) {
                throw new MediaFormatException("NAL length " + n + " at " + (p - offset) + " does not fit");
            }
            p += (int) n;
            payload += (int) n;
            count++;
        }
        if (count == 0) {
            throw new MediaFormatException("empty access unit");
        }
        if (lengthSize == 4) {
            // Already this layout (what every RTMP encoder sends): one copy of the whole unit, not one per NAL.
            return Arrays.copyOfRange(src, offset, end);
        }
        byte[] out = new byte[payload + 4 * count];
        int o = 0;
        for (int p = offset; p < end; ) {
            int n = (int) readLength(src, p, lengthSize);
            p += lengthSize;
            writeLength(out, o, n);
            System.arraycopy(src, p, out, o + 4, n);
            o += 4 + n;
            p += n;
        }
        return out;
    }

    private static long readLength(byte[] data, int pos, int size) {
        long n = 0;
        for (int i = 0; i < size; i++) {
            n = (n << 8) | (data[pos + i] & 0xff);
        }
        return n;
    }

    /** Joins NAL units (without start codes) into one length-prefixed access unit. */
    public static byte[] join(List<byte[]> nals) {
        int size = 0;
        for (byte[] n : nals) {
            size += 4 + n.length;
        }
        byte[] out = new byte[size];
        int pos = 0;
        for (byte[] n : nals) {
            writeLength(out, pos, n.length);
            System.arraycopy(n, 0, out, pos + 4, n.length);
            pos += 4 + n.length;
        }
        return out;
    }

    /** Reads the 4-byte big-endian length at {@code pos} as an unsigned value. */
    public static long readLength(byte[] data, int pos) {
        return ((data[pos] & 0xffL) << 24)
                | ((data[pos + 1] & 0xff) << 16)
                | ((data[pos + 2] & 0xff) << 8)
                | (data[pos + 3] & 0xff);
    }

    /** Writes a 4-byte big-endian length at {@code pos}. */
    public static void writeLength(byte[] data, int pos, int length) {
        data[pos] = (byte) (length >>> 24);
        data[pos + 1] = (byte) (length >>> 16);
        data[pos + 2] = (byte) (length >>> 8);
        data[pos + 3] = (byte) length;
    }
}
