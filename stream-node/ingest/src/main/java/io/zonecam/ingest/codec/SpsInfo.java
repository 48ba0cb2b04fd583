package io.zonecam.ingest.codec;

import io.zonecam.media.frame.Codec;

/**
 * SpsInfo is what ingest needs from a sequence parameter set to time RTP video: the reorder depth (with the size and
 * profile it passes on the way).
 *
 * <p>A small private reader (ITU-T H.264 §7.3.2.1.1 with Annex E VUI, H.265 §7.3.2.2) kept in ingest because the
 * media module's H265Sps stops before sps_max_num_reorder_pics; track sizes come from the media parsers. It refuses
 * anything that does not parse.
 *
 * @param width   luma width after cropping
 * @param height  luma height after cropping
 * @param profile profile_idc (H.264) or general_profile_idc (H.265)
 * @param reorderFrames frames that may precede a frame in decode order and follow it in output order: H.264 VUI
 *                      max_num_reorder_frames (0 for Baseline without VUI), H.265 sps_max_num_reorder_pics of the
 *                      highest sub-layer; -1 when the SPS does not say
 */
public record SpsInfo(int width, int height, int profile, int reorderFrames) {

    /** Parses an SPS NAL unit (with its header, without a start code); returns null when it cannot be read. */
    public static SpsInfo parse(Codec codec, byte[] sps) {
        try {
            return codec == Codec.H265 ? parseH265(sps) : parseH264(sps);
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            return null;
        }
    }

    private static SpsInfo parseH264(byte[] nal) {
        if (nal.length < 4 || (nal[0] & 0x1F) != 7) {
            return null;
        }
        BitReader r = new BitReader(BitReader.rbsp(nal, 1));
        int profile = r.u(8);
        r.skip(16); // constraint flags, level_idc
        r.ue(); // seq_parameter_set_id
        int chromaFormat = 1;
        boolean separateColourPlane = false;
        if (profile == 100
                || profile == 110
                || profile == 122
                || profile == 244
                || profile == 44
                || profile == 83
                || profile == 86
                || profile == 118
                || profile == 128
                || profile == 138
                || profile == 139
                || profile == 134
                || profile == 135) {
            chromaFormat = r.ue();
            if (chromaFormat > 3) {
                return null;
            }
            if (chromaFormat == 3) {
                separateColourPlane = r.flag();
            }
            r.ue(); // bit_depth_luma_minus8
            r.ue(); // bit_depth_chroma_minus8
            r.skip(1); // qpprime_y_zero_transform_bypass_flag
            if (r.flag()) { // seq_scaling_matrix_present_flag
                int lists = chromaFormat != 3 ? 8 : 12;
                for (int i = 0; i < lists; i++) {
                    if (r.flag()) {
                        skipScalingList(r, i < 6 ? 16 : 64);
                    }
                }
            }
        }
        r.ue(); // log2_max_frame_num_minus4
        int pocType = r.ue();
        if (pocType == 0) {
            r.ue();
        } else if (pocType == 1) {
            r.skip(1);
            r.se();
            r.se();
            int n = r.ue();
            if (n > 255) {
                return null;
            }
            for (int i = 0; i < n; i++) {
                r.se();
            }
        } else if (pocType != 2) {
            return null;
        }
        r.ue(); // max_num_ref_frames
        r.skip(1); // gaps_in_frame_num_value_allowed_flag
        int widthMbs = r.ue() + 1;
        int heightMapUnits = r.ue() + 1;
        boolean frameMbsOnly = r.flag();
        if (!frameMbsOnly) {
            r.skip(1); // mb_adaptive_frame_field_flag
        }
        r.skip(1); // direct_8x8_inference_flag
        int cropLeft = 0;
        int cropRight = 0;
        int cropTop = 0;
        int cropBottom = 0;
        if (r.flag()) {
            cropLeft = r.ue();
            cropRight = r.ue();
            cropTop = r.ue();
            cropBottom = r.ue();
        }
        int reorder = profile == 66 ? 0 : -1; // Baseline has no B slices
        try {
            if (r.flag()) { // vui_parameters_present_flag
                int vuiReorder = h264VuiReorder(r);
                if (vuiReorder >= 0) {
                    reorder = vuiReorder;
                }
            }
        } catch (IllegalArgumentException e) {
            // A truncated VUI still leaves a usable size.
        }
        int chromaArrayType = separateColourPlane ? 0 : chromaFormat;
        int subWidth = chromaArrayType == 1 || chromaArrayType == 2 ? 2 : 1;
        int subHeight = chromaArrayType == 1 ? 2 : 1;
        int cropUnitX = chromaArrayType == 0 ? 1 : subWidth;
        int cropUnitY = (chromaArrayType == 0 ? 1 : subHeight) * (frameMbsOnly ? 1 : 2);
        long width = widthMbs * 16L - (long) cropUnitX * (cropLeft + (long) cropRight);
        long height = (frameMbsOnly ? 1 : 2) * heightMapUnits * 16L - (long) cropUnitY * (cropTop + (long) cropBottom);
        return sane(width, height, profile, reorder);
    }

    /** H.264 Annex E.1.1 vui_parameters() up to max_num_reorder_frames; -1 without bitstream restrictions. */
    private static int h264VuiReorder(BitReader r) {
        if (r.flag()) { // aspect_ratio_info_present_flag
            if (r.u(8) == 255) { // Extended_SAR
                r.skip(32);
            }
        }
        if (r.flag()) { // overscan_info_present_flag
            r.skip(1);
        }
        if (r.flag()) { // video_signal_type_present_flag
            r.skip(4);
            if (r.flag()) { // colour_description_present_flag
                r.skip(24);
            }
        }
        if (r.flag()) { // chroma_loc_info_present_flag
            r.ue();
            r.ue();
        }
        if (r.flag()) { // timing_info_present_flag
            r.skip(65);
        }
        boolean nalHrd = r.flag();
        if (nalHrd) {
            skipHrd(r);
        }
        boolean vclHrd = r.flag();
        if (vclHrd) {
            skipHrd(r);
        }
        if (nalHrd || vclHrd) {
            r.skip(1); // low_delay_hrd_flag
        }
        r.skip(1); // pic_struct_present_flag
        if (!r.flag()) { // bitstream_restriction_flag
            return -1;
        }
        r.skip(1); // motion_vectors_over_pic_boundaries_flag
        r.ue(); // max_bytes_per_pic_denom
        r.ue(); // max_bits_per_mb_denom
        r.ue(); // log2_max_mv_length_horizontal
        r.ue(); // log2_max_mv_length_vertical
        return r.ue(); // max_num_reorder_frames
    }

    /** H.264 Annex E.1.2 hrd_parameters(). */
    private static void skipHrd(BitReader r) {
        int cpbCount = r.ue() + 1;
        if (cpbCount > 32) {
            throw new IllegalArgumentException("cpb_cnt_minus1 out of range");
        }
        r.skip(8); // bit_rate_scale, cpb_size_scale
        for (int i = 0; i < cpbCount; i++) {
            r.ue();
            r.ue();
            r.skip(1);
        }
        r.skip(20); // four 5-bit lengths
    }

    private static void skipScalingList(BitReader r, int size) {
        int last = 8;
        int next = 8;
        for (int j = 0; j < size; j++) {
            if (next != 0) {
                next = (last + r.se() + 256) % 256;
            }
            last = next == 0 ? last : next;
        }
    }

    private static SpsInfo parseH265(byte[] nal) {
        if (nal.length < 4 || ((nal[0] >> 1) & 0x3F) != 33) {
            return null;
        }
        BitReader r = new BitReader(BitReader.rbsp(nal, 2));
        r.skip(4); // sps_video_parameter_set_id
        int maxSubLayersMinus1 = r.u(3);
        r.skip(1); // sps_temporal_id_nesting_flag
        // profile_tier_level(1, maxSubLayersMinus1), §7.3.3
        r.skip(3); // general_profile_space, general_tier_flag
        int profile = r.u(5);
        r.skip(32 + 48); // compatibility flags, constraint flags
        r.skip(8); // general_level_idc
        boolean[] profilePresent = new boolean[8];
        boolean[] levelPresent = new boolean[8];
        for (int i = 0; i < maxSubLayersMinus1; i++) {
            profilePresent[i] = r.flag();
            levelPresent[i] = r.flag();
        }
        if (maxSubLayersMinus1 > 0) {
            r.skip(2L * (8 - maxSubLayersMinus1));
        }
        for (int i = 0; i < maxSubLayersMinus1; i++) {
            if (profilePresent[i]) {
                r.skip(88);
            }
            if (levelPresent[i]) {
                r.skip(8);
            }
        }
        r.ue(); // sps_seq_parameter_set_id
        int chromaFormat = r.ue();
        if (chromaFormat > 3) {
            return null;
        }
        boolean separateColourPlane = chromaFormat == 3 && r.flag();
        long width = r.ue();
        long height = r.ue();
        if (r.flag()) { // conformance_window_flag
            int left = r.ue();
            int right = r.ue();
            int top = r.ue();
            int bottom = r.ue();
            int chromaArrayType = separateColourPlane ? 0 : chromaFormat;
            int subWidth = chromaArrayType == 1 || chromaArrayType == 2 ? 2 : 1;
            int subHeight = chromaArrayType == 1 ? 2 : 1;
            width -= (long) subWidth * (left + (long) right);
            height -= (long) subHeight * (top + (long) bottom);
        }
        int reorder = -1;
        try {
            r.ue(); // bit_depth_luma_minus8
            r.ue(); // bit_depth_chroma_minus8
            r.ue(); // log2_max_pic_order_cnt_lsb_minus4
            boolean allSubLayers = r.flag(); // sps_sub_layer_ordering_info_present_flag
            for (int i = allSubLayers ? 0 : maxSubLayersMinus1; i <= maxSubLayersMinus1; i++) {
                r.ue(); // sps_max_dec_pic_buffering_minus1
                reorder = r.ue(); // sps_max_num_reorder_pics: the last one is the highest sub-layer's
                r.ue(); // sps_max_latency_increase_plus1
            }
        } catch (IllegalArgumentException e) {
            reorder = -1;
        }
        return sane(width, height, profile, reorder);
    }

    private static SpsInfo sane(long width, long height, int profile, int reorder) {
        if (width <= 0 || height <= 0 || width > 16384 || height > 16384) {
            return null;
        }
        return new SpsInfo((int) width, (int) height, profile, reorder > 16 ? 16 : reorder);
    }
}
