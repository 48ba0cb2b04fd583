package io.zonecam.media.h264;

import io.zonecam.media.MediaFormatException;
import io.zonecam.media.bits.BitReader;
import io.zonecam.media.bits.Rbsp;

/**
 * H264Sps is the part of an H.264 sequence parameter set (H.264 §7.3.2.1.1) that recording and playback need:
 * profile, level, chroma format, picture size after cropping and the VUI timing (Annex E.1.1).
 *
 * @param profileIdc          profile_idc (66 Baseline, 77 Main, 100 High, ...)
 * @param constraintFlags     the byte of constraint_set0..5 flags and reserved bits
 * @param levelIdc            level_idc (31 = level 3.1)
 * @param spsId               seq_parameter_set_id
 * @param chromaFormatIdc     0 monochrome, 1 4:2:0, 2 4:2:2, 3 4:4:4
 * @param bitDepthLuma        luma bit depth
 * @param bitDepthChroma      chroma bit depth
 * @param log2MaxFrameNum     log2_max_frame_num_minus4 + 4
 * @param picOrderCntType     pic_order_cnt_type
 * @param log2MaxPocLsb       log2_max_pic_order_cnt_lsb_minus4 + 4, 0 unless picOrderCntType is 0
 * @param maxNumRefFrames     max_num_ref_frames
 * @param frameMbsOnly        frame_mbs_only_flag (false for interlaced coding)
 * @param width               display width in pixels after frame cropping
 * @param height              display height in pixels after frame cropping
 * @param numUnitsInTick      VUI num_units_in_tick, 0 when timing info is absent
 * @param timeScale           VUI time_scale, 0 when timing info is absent
 * @param fixedFrameRate      VUI fixed_frame_rate_flag
 * @param maxNumReorderFrames VUI max_num_reorder_frames, -1 when bitstream restrictions are absent
 */
public record H264Sps(
        int profileIdc,
        int constraintFlags,
        int levelIdc,
        int spsId,
        int chromaFormatIdc,
        int bitDepthLuma,
        int bitDepthChroma,
        int log2MaxFrameNum,
        int picOrderCntType,
        int log2MaxPocLsb,
        int maxNumRefFrames,
        boolean frameMbsOnly,
        int width,
        int height,
        long numUnitsInTick,
        long timeScale,
        boolean fixedFrameRate,
        int maxNumReorderFrames) {

    /** Largest picture side accepted: 16384 covers every H.264 level (level 6.2 is 8192x4320). */
    public static final int MAX_DIMENSION = 16384;

    /** Parses an SPS NAL unit (header byte included, emulation prevention still in place). */
    public static H264Sps parse(byte[] nal) {
        return parse(nal, 0, nal.length);
    }

    /** Parses an SPS NAL unit of {@code length} bytes at {@code offset}. */
    public static H264Sps parse(byte[] nal, int offset, int length) {
        MediaFormatException.checkRange(nal.length, offset, length, "SPS");
        if (length < 4 || H264Nal.type(nal[offset]) != H264Nal.SPS) {
            throw new MediaFormatException("not an SPS NAL unit");
        }
        byte[] rbsp = Rbsp.unescape(nal, offset + 1, length - 1);
        BitReader r = new BitReader(rbsp);
        int profile = r.readInt(8);
        int constraints = r.readInt(8);
        int level = r.readInt(8);
        int spsId = r.readUe(31, "seq_parameter_set_id");
        int chroma = 1;
        int depthLuma = 8;
        int depthChroma = 8;
        boolean separateColourPlanes = false;
        if (hasChromaInfo(profile)) {
            chroma = r.readUe(3, "chroma_format_idc");
            if (chroma == 3) {
                separateColourPlanes = r.readFlag();
            }
            depthLuma = 8 + r.readUe(6, "bit_depth_luma_minus8");
            depthChroma = 8 + r.readUe(6, "bit_depth_chroma_minus8");
            r.skip(1); // qpprime_y_zero_transform_bypass_flag
            if (r.readFlag()) { // seq_scaling_matrix_present_flag
                int lists = chroma != 3 ? 8 : 12;
                for (int i = 0; i < lists; i++) {
                    if (r.readFlag()) {
                        skipScalingList(r, i < 6 ? 16 : 64);
                    }
                }
            }
        }
        int log2MaxFrameNum = 4 + r.readUe(12, "log2_max_frame_num_minus4");
        int pocType = r.readUe(2, "pic_order_cnt_type");
        int log2MaxPocLsb = 0;
        if (pocType == 0) {
            log2MaxPocLsb = 4 + r.readUe(12, "log2_max_pic_order_cnt_lsb_minus4");
        } else if (pocType == 1) {
            r.skip(1); // delta_pic_order_always_zero_flag
            r.readSe(); // offset_for_non_ref_pic
            r.readSe(); // offset_for_top_to_bottom_field
            int cycle = r.readUe(255, "num_ref_frames_in_pic_order_cnt_cycle");
            for (int i = 0; i < cycle; i++) {
                r.readSe();
            }
        }
        int maxRefFrames = r.readUe(16, "max_num_ref_frames");
        r.skip(1); // gaps_in_frame_num_value_allowed_flag
        int widthMbs = r.readUe(MAX_DIMENSION / 16 - 1, "pic_width_in_mbs_minus1") + 1;
        int heightMapUnits = r.readUe(MAX_DIMENSION / 16 - 1, "pic_height_in_map_units_minus1") + 1;
        boolean frameMbsOnly = r.readFlag();
        if (!frameMbsOnly) {
            r.skip(1); // mb_adaptive_frame_field_flag
        }
        r.skip(1); // direct_8x8_inference_flag
        int width = widthMbs * 16;
        int height = (frameMbsOnly ? 1 : 2) * heightMapUnits * 16;
        if (r.readFlag()) { // frame_cropping_flag
            long left = r.readUe();
            long right = r.readUe();
            long top = r.readUe();
            long bottom = r.readUe();
            // Crop units from H.264 §7.4.2.1.1 (equations 7-19 to 7-22).
            int chromaArrayType = separateColourPlanes ? 0 : chroma;
            int cropUnitX = chromaArrayType == 0 ? 1 : (chroma == 3 ? 1 : 2);
            int subHeightC = chroma == 1 ? 2 : 1;
            int cropUnitY = (chromaArrayType == 0 ? 1 : subHeightC) * (frameMbsOnly ? 1 : 2);
            long w = width - cropUnitX * (left + right);
            long h = height - cropUnitY * (top + bottom);
            if (w <= 0 || h <= 0) {
                throw new MediaFormatException("frame cropping larger than the picture");
            }
            width = (int) w;
            height = (int) h;
        }
        long unitsInTick = 0;
        long timeScale = 0;
        boolean fixed = false;
        int reorder = -1;
        if (r.readFlag()) { // vui_parameters_present_flag
            // Some cameras send truncated VUI; keep the picture size and whatever timing was read.
            try {
                long[] vui = parseVui(r);
                unitsInTick = vui[0];
                timeScale = vui[1];
                fixed = vui[2] != 0;
                reorder = (int) vui[3];
            } catch (MediaFormatException truncated) {
                // fall through with defaults
            }
        }
        return new H264Sps(
                profile,
                constraints,
                level,
                spsId,
                chroma,
                depthLuma,
                depthChroma,
                log2MaxFrameNum,
                pocType,
                log2MaxPocLsb,
                maxRefFrames,
                frameMbsOnly,
                width,
                height,
                unitsInTick,
                timeScale,
                fixed,
                reorder);
    }

    /** Frames per second from the VUI timing (time_scale / (2 · num_units_in_tick), Annex E.2.1), or 0. */
    public double frameRate() {
        return numUnitsInTick == 0 || timeScale == 0 ? 0 : timeScale / (2.0 * numUnitsInTick);
    }

    /** The RFC 6381 codecs parameter, e.g. {@code avc1.64001f}, for HLS and MSE. */
    public String codecString() {
        return String.format("avc1.%02x%02x%02x", profileIdc, constraintFlags, levelIdc);
    }

    /** True for the profiles whose SPS carries chroma_format_idc and bit depths (H.264 §7.3.2.1.1). */
    static boolean hasChromaInfo(int profile) {
        return switch (profile) {
            case 100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135 -> true;
            default -> false;
        };
    }

    // H.264 §7.3.2.1.1.1 scaling_list(): only skipped, the values are of no use to a remuxer.
    private static void skipScalingList(BitReader r, int size) {
        int last = 8;
        int next = 8;
        for (int j = 0; j < size; j++) {
            if (next != 0) {
                long delta = r.readSe();
                next = (int) ((last + delta + 256) % 256);
            }
            last = next == 0 ? last : next;
        }
    }

    // Annex E.1.1 vui_parameters(): returns {num_units_in_tick, time_scale, fixed_frame_rate_flag,
    // max_num_reorder_frames}.
    private static long[] parseVui(BitReader r) {
        if (r.readFlag()) { // aspect_ratio_info_present_flag
            if (r.readInt(8) == 255) { // Extended_SAR
                r.skip(32);
            }
        }
        if (r.readFlag()) { // overscan_info_present_flag
            r.skip(1);
        }
        if (r.readFlag()) { // video_signal_type_present_flag
            r.skip(4);
            if (r.readFlag()) { // colour_description_present_flag
                r.skip(24);
            }
        }
        if (r.readFlag()) { // chroma_loc_info_present_flag
            r.readUe();
            r.readUe();
        }
        long[] out = {0, 0, 0, -1};
        if (r.readFlag()) { // timing_info_present_flag
            out[0] = r.readBits(32);
            out[1] = r.readBits(32);
            out[2] = r.readBit();
        }
        boolean nalHrd = r.readFlag();
        if (nalHrd) {
            skipHrd(r);
        }
        boolean vclHrd = r.readFlag();
        if (vclHrd) {
            skipHrd(r);
        }
        if (nalHrd || vclHrd) {
            r.skip(1); // low_delay_hrd_flag
        }
        r.skip(1); // pic_struct_present_flag
        if (r.readFlag()) { // bitstream_restriction_flag
            r.skip(1);
            r.readUe();
            r.readUe();
            r.readUe();
            r.readUe();
            out[3] = r.readUe(16, "max_num_reorder_frames");
            r.readUe(); // max_dec_frame_buffering
        }
        return out;
    }

    // Annex E.1.2 hrd_parameters().
    private static void skipHrd(BitReader r) {
        int cpbCount = r.readUe(31, "cpb_cnt_minus1") + 1;
        r.skip(8);
        for (int i = 0; i < cpbCount; i++) {
            r.readUe();
            r.readUe();
            r.skip(1);
        }
        r.skip(20);
    }
}
