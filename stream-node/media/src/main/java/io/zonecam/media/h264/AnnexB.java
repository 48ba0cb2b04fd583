package io.zonecam.media.h264;

import io.zonecam.media.MediaFormatException;
import io.zonecam.media.bits.ByteSlice;
import io.zonecam.media.frame.Codec;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * AnnexB scans the byte stream format of H.264 Annex B (identical in H.265 Annex B): NAL units separated by
 * {@code 00 00 01} start codes, with optional leading zero bytes; it converts to and from the length-prefixed layout.
 */
public final class AnnexB {

    private static final byte[] START_CODE = {0, 0, 0, 1};

    private AnnexB() {}

    /**
     * Returns the offset of the next 3-byte start code {@code 00 00 01} at or after {@code from} and before
     * {@code to}, or -1.
     */
    public static int findStartCode(byte[] data, int from, int to) {
        int i = Math.max(from, 0);
        int limit = Math.min(to, data.length) - 3;
        while (i <= limit) {
            // Skip ahead fast: a start code needs data[i + 2] == 1 and zeros before it.
            int b2 = data[i + 2];
            if (b2 > 1) {
                i += 3;
            } else if (b2 == 1 && data[i] == 0 && data[i + 1] == 0) {
                return i;
            } else {
                i++;
            }
        }
        return -1;
    }

    /**
     * Splits an Annex B byte stream into NAL unit views (start codes and trailing zero bytes removed). Bytes
     * before the first start code are ignored, as a decoder would (Annex B.2).
     */
    public static List<ByteSlice> split(byte[] data, int offset, int length) {
        MediaFormatException.checkRange(data.length, offset, length, "annex B");
        int end = offset + length;
        List<ByteSlice> nals = new ArrayList<>();
        int sc = findStartCode(data, offset, end);
        while (sc >= 0) {
            int nalStart = sc + 3;
            int next = findStartCode(data, nalStart, end);
            int nalEnd = next < 0 ? end : next;
            // trailing_zero_8bits and the leading zero of a 4-byte start code belong to no NAL unit.
            while (nalEnd > nalStart && data[nalEnd - 1] == 0) {
                nalEnd--;
            }
            if (nalEnd > nalStart) {
                nals.add(new ByteSlice(data, nalStart, nalEnd - nalStart));
            }
            sc = next;
        }
        return nals;
    }

    /** Splits a whole Annex B array. */
    public static List<ByteSlice> split(byte[] data) {
        return split(data, 0, data.length);
    }

    /** Converts an Annex B access unit (or stream) to 4-byte length-prefixed NAL units. */
    public static byte[] toLengthPrefixed(byte[] annexB) {
        List<ByteSlice> nals = split(annexB);
        int size = 0;
        for (ByteSlice n : nals) {
            size += 4 + n.length();
        }
        byte[] out = new byte[size];
        int pos = 0;
        for (ByteSlice n : nals) {
            LengthPrefixed.writeLength(out, pos, n.length());
            System.arraycopy(n.array(), n.offset(), out, pos + 4, n.length());
            pos += 4 + n.length();
        }
        return out;
    }

    /** Converts 4-byte length-prefixed NAL units to Annex B with 4-byte start codes. */
    public static byte[] fromLengthPrefixed(byte[] accessUnit) {
        List<ByteSlice> nals = LengthPrefixed.split(accessUnit);
        // Same size: each 4-byte length becomes a 4-byte start code.
        byte[] out = new byte[accessUnit.length];
        int pos = 0;
        for (ByteSlice n : nals) {
            System.arraycopy(START_CODE, 0, out, pos, 4);
            System.arraycopy(n.array(), n.offset(), out, pos + 4, n.length());
            pos += 4 + n.length();
        }
        return out;
    }

    /**
     * Groups the NAL units of an Annex B elementary stream into length-prefixed access units, using the
     * first-NAL-of-a-new-access-unit rules of H.264 §7.4.1.2.3 and H.265 §7.4.2.4.4 (a VCL NAL whose
     * first_mb_in_slice is 0 / first_slice_segment_in_pic_flag is 1, or a non-VCL NAL that may only precede the
     * first VCL NAL, after a picture has been seen). Used to read files and by the camera simulator.
     */
    public static List<byte[]> accessUnits(byte[] stream, Codec codec) {
        if (codec != Codec.H264 && codec != Codec.H265) {
            throw new IllegalArgumentException("not a NAL codec: " + codec);
        }
        boolean hevc = codec == Codec.H265;
        List<byte[]> units = new ArrayList<>();
        ByteArrayOutputStream current = new ByteArrayOutputStream();
        boolean sawVcl = false;
        for (ByteSlice nal : split(stream)) {
            int h = nal.get(0);
            boolean vcl;
            boolean firstOfPicture;
            boolean startsNewUnit;
            if (hevc) {
                int type = (h >> 1) & 0x3f;
                vcl = type < 32;
                firstOfPicture = vcl && nal.length() > 2 && (nal.get(2) & 0x80) != 0;
                startsNewUnit = (type >= 32 && type <= 35)
                        || type == 39
                        || (type >= 41 && type <= 44)
                        || (type >= 48 && type <= 55);
            } else {
                int type = H264Nal.type(h);
                vcl = H264Nal.isVcl(type);
                // first_mb_in_slice ue(v) == 0 is coded as a single 1 bit.
                firstOfPicture = vcl && nal.length() > 1 && (nal.get(1) & 0x80) != 0;
                startsNewUnit = type == H264Nal.AUD
                        || type == H264Nal.SPS
                        || type == H264Nal.PPS
                        || type == H264Nal.SEI
                        || (type >= 14 && type <= 18);
            }
            if (sawVcl && (firstOfPicture || startsNewUnit)) {
                units.add(current.toByteArray());
                current.reset();
                sawVcl = false;
            }
            sawVcl |= vcl;
            byte[] len = new byte[4];
            LengthPrefixed.writeLength(len, 0, nal.length());
            current.writeBytes(len);
            current.write(nal.array(), nal.offset(), nal.length());
        }
        if (current.size() > 0) {
            units.add(current.toByteArray());
        }
        return units;
    }
}
