package io.zonecam.media.h265;

import io.zonecam.media.MediaFormatException;
import io.zonecam.media.bits.BitReader;
import io.zonecam.media.bits.Rbsp;

/**
 * H265Sps is the start of an H.265 sequence parameter set (H.265 §7.3.2.2.1) up to the sub-layer ordering info: the
 * general profile_tier_level (§7.3.3) that hvcC and the codecs string need, the picture size after the conformance
 * window, and the reorder depth that decode times of RTP video are derived from.
 *
 * @param profileSpace       general_profile_space
 * @param tierFlag           general_tier_flag (true = High tier)
 * @param profileIdc         general_profile_idc (1 Main, 2 Main 10)
 * @param compatibilityFlags general_profile_compatibility_flag[0..31], flag 0 in the most significant bit
 * @param constraintFlags    the 48 bits from general_progressive_source_flag on
 * @param levelIdc           general_level_idc (30 × level, e.g. 93 = level 3.1)
 * @param maxSubLayers       sps_max_sub_layers_minus1 + 1
 * @param temporalIdNesting  sps_temporal_id_nesting_flag
 * @param spsId              sps_seq_parameter_set_id
 * @param chromaFormatIdc    chroma_format_idc
 * @param width              width in luma samples after the conformance window
 * @param height             height in luma samples after the conformance window
 * @param bitDepthLuma       luma bit depth
 * @param bitDepthChroma     chroma bit depth
 * @param maxNumReorderPics  sps_max_num_reorder_pics of the highest sub-layer, -1 when the SPS ends before it
 */
public record H265Sps(
        int profileSpace,
        boolean tierFlag,
        int profileIdc,
        long compatibilityFlags,
        long constraintFlags,
        int levelIdc,
        int maxSubLayers,
        boolean temporalIdNesting,
        int spsId,
        int chromaFormatIdc,
        int width,
        int height,
        int bitDepthLuma,
        int bitDepthChroma,
        int maxNumReorderPics) {

    /** Largest picture side accepted (level 6.2 allows 8192x4320; keep head room). */
    public static final int MAX_DIMENSION = 16888;

    /** Parses an SPS NAL unit (two-byte header included, emulation prevention in place). */
    public static H265Sps parse(byte[] nal) {
        return parse(nal, 0, nal.length);
    }

    /** Parses an SPS NAL unit of {@code length} bytes at {@code offset}. */
    public static H265Sps parse(byte[] nal, int offset, int length) {
        MediaFormatException.checkRange(nal.length, offset, length, "SPS");
        if (length < 3 || H265Nal.type(nal[offset]) != H265Nal.SPS) {
            throw new MediaFormatException("not an H.265 SPS NAL unit");
        }
        BitReader r = new BitReader(Rbsp.unescape(nal, offset + 2, length - 2));
        r.skip(4); // sps_video_parameter_set_id
        int subLayersMinus1 = r.readInt(3);
        if (subLayersMinus1 > 6) {
            throw new MediaFormatException("sps_max_sub_layers_minus1 " + subLayersMinus1 + " above 6");
        }
        boolean nesting = r.readFlag();
        int space = r.readInt(2);
        boolean tier = r.readFlag();
        int profile = r.readInt(5);
        long compat = r.readBits(32);
        long constraints = r.readLong(48);
        int level = r.readInt(8);
        boolean[] profilePresent = new boolean[subLayersMinus1];
        boolean[] levelPresent = new boolean[subLayersMinus1];
        for (int i = 0; i < subLayersMinus1; i++) {
            profilePresent[i] = r.readFlag();
            levelPresent[i] = r.readFlag();
        }
        if (subLayersMinus1 > 0) {
            r.skip(2L * (8 - subLayersMinus1)); // reserved_zero_2bits
        }
        for (int i = 0; i < subLayersMinus1; i++) {
            if (profilePresent[i]) {
                r.skip(88);
            }
            if (levelPresent[i]) {
                r.skip(8);
            }
        }
        int spsId = r.readUe(15, "sps_seq_parameter_set_id");
        int chroma = r.readUe(3, "chroma_format_idc");
        if (chroma == 3) {
            r.skip(1); // separate_colour_plane_flag
        }
        int width = r.readUe(MAX_DIMENSION, "pic_width_in_luma_samples");
        int height = r.readUe(MAX_DIMENSION, "pic_height_in_luma_samples");
        if (width == 0 || height == 0) {
            throw new MediaFormatException("zero picture size");
        }
        if (r.readFlag()) { // conformance_window_flag; offsets in chroma units (§7.4.3.2.1)
            int subWidthC = chroma == 1 || chroma == 2 ? 2 : 1;
            int subHeightC = chroma == 1 ? 2 : 1;
            long w = width - (long) subWidthC * (r.readUe() + r.readUe());
            long h = height - (long) subHeightC * (r.readUe() + r.readUe());
            if (w <= 0 || h <= 0) {
                throw new MediaFormatException("conformance window larger than the picture");
            }
            width = (int) w;
            height = (int) h;
        }
        int depthLuma = 8 + r.readUe(8, "bit_depth_luma_minus8");
        int depthChroma = 8 + r.readUe(8, "bit_depth_chroma_minus8");
        int reorder = maxNumReorderPics(r, subLayersMinus1);
        return new H265Sps(
                space,
                tier,
                profile,
                compat,
                constraints,
                level,
                subLayersMinus1 + 1,
                nesting,
                spsId,
                chroma,
                width,
                height,
                depthLuma,
                depthChroma,
                reorder);
    }

    // From log2_max_pic_order_cnt_lsb_minus4 to the sub-layer ordering info; -1 when the SPS is cut short there.
    private static int maxNumReorderPics(BitReader r, int subLayersMinus1) {
        try {
            r.readUe(12, "log2_max_pic_order_cnt_lsb_minus4");
            boolean allSubLayers = r.readFlag(); // sps_sub_layer_ordering_info_present_flag
            int reorder = -1;
            for (int i = allSubLayers ? 0 : subLayersMinus1; i <= subLayersMinus1; i++) {
                r.readUe(); // sps_max_dec_pic_buffering_minus1
                reorder = r.readUe(16, "sps_max_num_reorder_pics"); // the last one is the highest sub-layer's
                r.readUe(); // sps_max_latency_increase_plus1
            }
            return reorder;
        } catch (MediaFormatException truncated) {
            return -1;
        }
    }

    /** The RFC 6381 / ISO 14496-15 Annex E codecs parameter, e.g. {@code hvc1.1.6.L93.B0}. */
    public String codecString() {
        StringBuilder sb = new StringBuilder("hvc1.");
        if (profileSpace > 0) {
            sb.append((char) ('A' + profileSpace - 1));
        }
        sb.append(profileIdc).append('.');
        sb.append(Long.toHexString(Integer.toUnsignedLong(Integer.reverse((int) compatibilityFlags)))
                .toUpperCase(java.util.Locale.ROOT));
        sb.append('.').append(tierFlag ? 'H' : 'L').append(levelIdc);
        // Constraint bytes, trailing zero bytes omitted.
        int last = -1;
        for (int i = 0; i < 6; i++) {
            if (((constraintFlags >>> (40 - 8 * i)) & 0xff) != 0) {
                last = i;
            }
        }
        for (int i = 0; i <= last; i++) {
            sb.append('.')
                    .append(Long.toHexString((constraintFlags >>> (40 - 8 * i)) & 0xff)
                            .toUpperCase(java.util.Locale.ROOT));
        }
        return sb.toString();
    }
}
