package io.zonecam.media.h264;

import io.zonecam.media.MediaFormatException;

/**
 * H264Nal holds the H.264 NAL unit type numbers (H.264 Table 7-1, RFC 6184 Table 3 for the RTP-only types) and
 * small helpers over NAL headers and length-prefixed access units.
 */
public final class H264Nal {

    /** Coded slice of a non-IDR picture. */
    public static final int SLICE = 1;
    /** Coded slice data partition A. */
    public static final int SLICE_DPA = 2;
    /** Coded slice of an IDR picture: a random access point. */
    public static final int IDR = 5;
    /** Supplemental enhancement information. */
    public static final int SEI = 6;
    /** Sequence parameter set. */
    public static final int SPS = 7;
    /** Picture parameter set. */
    public static final int PPS = 8;
    /** Access unit delimiter. */
    public static final int AUD = 9;
    /** End of sequence. */
    public static final int END_OF_SEQUENCE = 10;
    /** End of stream. */
    public static final int END_OF_STREAM = 11;
    /** Filler data: carries nothing, dropped by depacketizers. */
    public static final int FILLER = 12;
    /** Sequence parameter set extension. */
    public static final int SPS_EXT = 13;
    /** RFC 6184 §5.7.1 single-time aggregation packet A. */
    public static final int STAP_A = 24;
    /** RFC 6184 §5.7.1 single-time aggregation packet B. */
    public static final int STAP_B = 25;
    /** RFC 6184 §5.7.2 multi-time aggregation packet (16-bit offsets). */
    public static final int MTAP16 = 26;
    /** RFC 6184 §5.7.2 multi-time aggregation packet (24-bit offsets). */
    public static final int MTAP24 = 27;
    /** RFC 6184 §5.8 fragmentation unit A. */
    public static final int FU_A = 28;
    /** RFC 6184 §5.8 fragmentation unit B. */
    public static final int FU_B = 29;

    private H264Nal() {}

    /** The nal_unit_type (low five bits) of a NAL header byte. */
    public static int type(int headerByte) {
        return headerByte & 0x1f;
    }

    /** The nal_ref_idc (two bits) of a NAL header byte. */
    public static int refIdc(int headerByte) {
        return (headerByte >> 5) & 3;
    }

    /** True for the VCL types 1..5 that carry picture data. */
    public static boolean isVcl(int type) {
        return type >= 1 && type <= 5;
    }

    /** True when a length-prefixed access unit holds an IDR slice. */
    public static boolean containsIdr(byte[] accessUnit) {
        return containsType(accessUnit, IDR);
    }

    /** True when a length-prefixed access unit holds a NAL unit of {@code type}. */
    public static boolean containsType(byte[] accessUnit, int type) {
        int pos = 0;
        while (pos + 4 < accessUnit.length) {
            long len = LengthPrefixed.readLength(accessUnit, pos);
            if (len <= 0 || len > accessUnit.length - pos - 4) {
                throw new MediaFormatException("NAL length " + len + " at " + pos + " runs past the access unit");
            }
            if (type(accessUnit[pos + 4]) == type) {
                return true;
            }
            pos += 4 + (int) len;
        }
        return false;
    }

    /** A short name for logs: "IDR", "SPS", "type 14". */
    public static String name(int type) {
        return switch (type) {
            case SLICE -> "SLICE";
            case IDR -> "IDR";
            case SEI -> "SEI";
            case SPS -> "SPS";
            case PPS -> "PPS";
            case AUD -> "AUD";
            case FILLER -> "FILLER";
            case STAP_A -> "STAP-A";
            case FU_A -> "FU-A";
            default -> "type " + type;
        };
    }
}
