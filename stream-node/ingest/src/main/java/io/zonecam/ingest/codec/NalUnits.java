package io.zonecam.ingest.codec;

import io.zonecam.media.frame.Codec;
import java.util.ArrayList;
import java.util.List;

/**
 * NalUnits works on access units in the length-prefixed (AVCC/HVCC) layout that {@code MediaFrame} uses: converting
 * from other length sizes, splitting, finding random access points and parameter sets.
 */
public final class NalUnits {

    private NalUnits() {}

    /**
     * Re-frames NAL units from {@code lengthSize}-byte prefixes (1, 2 or 4, from avcC/hvcC) to 4-byte prefixes.
     * Returns null when the lengths do not tile the input exactly (a malformed frame) or a NAL unit is empty.
     */
    public static byte[] toFourByteLengths(byte[] src, int offset, int length, int lengthSize) {
        if (lengthSize != 1 && lengthSize != 2 && lengthSize != 4
                || offset < 0
                || length < 0
                || offset + length > src.length) {
            return null;
        }
        int end = offset + length;
        int count = 0;
        int payload = 0;
        for (int p = offset; p < end; ) {
            if (end - p < lengthSize) {
                return null;
            }
            long n = readLength(src, p, lengthSize);
            p += lengthSize;
            if (n <= 0 || n > end - p) {
                return null;
            }
            p += (int) n;
            payload += (int) n;
            count++;
        }
        if (count == 0) {
            return null;
        }
        if (lengthSize == 4) {
            byte[] out = new byte[length];
            System.arraycopy(src, offset, out, 0, length);
            return out;
        }
        byte[] out = new byte[payload + 4 * count];
        int o = 0;
        for (int p = offset; p < end; ) {
            int n = (int) readLength(src, p, lengthSize);
            p += lengthSize;
            writeInt(out, o, n);
            System.arraycopy(src, p, out, o + 4, n);
            o += 4 + n;
            p += n;
        }
        return out;
    }

    /** Splits a 4-byte length-prefixed access unit into its NAL units (copies); empty when malformed. */
    public static List<byte[]> split(byte[] au) {
        List<byte[]> nals = new ArrayList<>();
        for (int p = 0; p < au.length; ) {
            if (au.length - p < 4) {
                return List.of();
            }
            long n = readLength(au, p, 4);
            p += 4;
            if (n <= 0 || n > au.length - p) {
                return List.of();
            }
            byte[] nal = new byte[(int) n];
            System.arraycopy(au, p, nal, 0, (int) n);
            nals.add(nal);
            p += (int) n;
        }
        return nals;
    }

    /** The NAL unit type of a NAL unit's first header byte(s). */
    public static int type(Codec codec, byte[] nal) {
        if (nal.length == 0) {
            return -1;
        }
        return codec == Codec.H265 ? (nal[0] >> 1) & 0x3F : nal[0] & 0x1F;
    }

    /**
     * True when the access unit holds a random access point: an IDR slice for H.264 (ITU-T H.264 Table 7-1, type 5),
     * an IRAP picture for H.265 (ITU-T H.265 Table 7-1, types 16..23).
     */
    public static boolean isRandomAccess(Codec codec, byte[] au) {
        for (int p = 0; p + 4 < au.length; ) {
            long n = readLength(au, p, 4);
            if (n <= 0 || n > au.length - p - 4) {
                return false;
            }
            int header = au[p + 4];
            if (codec == Codec.H265) {
                int t = (header >> 1) & 0x3F;
                if (t >= 16 && t <= 23) {
                    return true;
                }
            } else if ((header & 0x1F) == 5) {
                return true;
            }
            p += 4 + (int) n;
        }
        return false;
    }

    /** True for a parameter set NAL type: SPS/PPS (7, 8) for H.264, VPS/SPS/PPS (32, 33, 34) for H.265. */
    public static boolean isParameterSet(Codec codec, int type) {
        return codec == Codec.H265 ? type >= 32 && type <= 34 : type == 7 || type == 8;
    }

    static long readLength(byte[] b, int p, int size) {
        long n = 0;
        for (int i = 0; i < size; i++) {
            n = (n << 8) | (b[p + i] & 0xFF);
        }
        return n;
    }

    static void writeInt(byte[] b, int p, int v) {
        b[p] = (byte) (v >>> 24);
        b[p + 1] = (byte) (v >>> 16);
        b[p + 2] = (byte) (v >>> 8);
        b[p + 3] = (byte) v;
    }
}
