package io.zonecam.media.h265;

/**
 * H265Nal holds the H.265 NAL unit type numbers (H.265 Table 7-1, RFC 7798 §4.4 for the RTP-only types) and
 * helpers over the two-byte NAL unit header (H.265 §7.3.1.2).
 */
public final class H265Nal {

    /** First IRAP type (BLA_W_LP); IRAP pictures are types 16..23. */
    public static final int BLA_W_LP = 16;
    /** IDR picture that may have leading pictures. */
    public static final int IDR_W_RADL = 19;
    /** IDR picture without leading pictures. */
    public static final int IDR_N_LP = 20;
    /** Clean random access picture. */
    public static final int CRA = 21;
    /** Video parameter set. */
    public static final int VPS = 32;
    /** Sequence parameter set. */
    public static final int SPS = 33;
    /** Picture parameter set. */
    public static final int PPS = 34;
    /** Access unit delimiter. */
    public static final int AUD = 35;
    /** Filler data. */
    public static final int FILLER = 38;
    /** Prefix SEI. */
    public static final int PREFIX_SEI = 39;
    /** Suffix SEI. */
    public static final int SUFFIX_SEI = 40;
    /** RFC 7798 §4.4.2 aggregation packet. */
    public static final int AP = 48;
    /** RFC 7798 §4.4.3 fragmentation unit. */
    public static final int FU = 49;
    /** RFC 7798 §4.4.4 payload content information. */
    public static final int PACI = 50;

    private H265Nal() {}

    /** The nal_unit_type of the first header byte. */
    public static int type(int headerByte0) {
        return (headerByte0 >> 1) & 0x3f;
    }

    /** nuh_layer_id from the two header bytes. */
    public static int layerId(int headerByte0, int headerByte1) {
        return ((headerByte0 & 1) << 5) | ((headerByte1 >> 3) & 0x1f);
    }

    /** nuh_temporal_id_plus1 - 1. */
    public static int temporalId(int headerByte1) {
        return (headerByte1 & 7) - 1;
    }

    /** True for VCL NAL unit types 0..31. */
    public static boolean isVcl(int type) {
        return type >= 0 && type < 32;
    }

    /** True for intra random access point pictures (types 16..23: BLA, IDR, CRA and reserved IRAP). */
    public static boolean isIrap(int type) {
        return type >= BLA_W_LP && type <= 23;
    }

    /** True when a 4-byte length-prefixed access unit holds an IRAP picture. */
    public static boolean containsIrap(byte[] accessUnit) {
        for (var nal : io.zonecam.media.h264.LengthPrefixed.split(accessUnit)) {
            if (isIrap(type(nal.get(0)))) {
                return true;
            }
        }
        return false;
    }
}
