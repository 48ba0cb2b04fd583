package io.zonecam.media.h265;

import static io.zonecam.media.TestBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonecam.media.MediaFormatException;
import io.zonecam.media.h264.LengthPrefixed;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class H265Test {

    /** x265 Main 320x240 parameter sets, from ffmpeg's sprop-vps/sps/pps. */
    public static final byte[] VPS = hex("40010c01ffff01600000030090000003000003003c959809");

    public static final byte[] SPS =
            hex("42010101600000030090000003000003003ca00a080f165959a4932bc05a020000030002000003003210");
    public static final byte[] PPS = hex("4401c172b46240");

    @Test
    void readsTheTwoByteNalHeaderOfH265Section7_3_1_2() {
        // 0x42 0x01: forbidden 0, nal_unit_type 33 (SPS), nuh_layer_id 0, nuh_temporal_id_plus1 1
        assertThat(H265Nal.type(0x42)).isEqualTo(H265Nal.SPS);
        assertThat(H265Nal.layerId(0x42, 0x01)).isZero();
        assertThat(H265Nal.temporalId(0x01)).isZero();
        assertThat(H265Nal.isIrap(H265Nal.type(0x26))).isTrue(); // IDR_W_RADL (19 << 1 = 0x26)
        assertThat(H265Nal.isIrap(H265Nal.type(0x2a))).isTrue(); // CRA (21)
        assertThat(H265Nal.isIrap(H265Nal.type(0x02))).isFalse(); // TRAIL_R
        assertThat(H265Nal.containsIrap(LengthPrefixed.join(List.of(VPS, hex("2601af")))))
                .isTrue();
    }

    @Test
    void parsesProfileTierLevelAndPictureSizeFromTheSps() {
        H265Sps sps = H265Sps.parse(SPS);
        assertThat(sps.profileIdc()).isEqualTo(1); // Main
        assertThat(sps.tierFlag()).isFalse();
        assertThat(sps.levelIdc()).isEqualTo(60); // level 2
        assertThat(sps.compatibilityFlags()).isEqualTo(0x6000_0000L);
        assertThat(sps.chromaFormatIdc()).isEqualTo(1);
        assertThat(sps.width()).isEqualTo(320);
        assertThat(sps.height()).isEqualTo(240);
        assertThat(sps.bitDepthLuma()).isEqualTo(8);
        assertThat(sps.codecString()).isEqualTo("hvc1.1.6.L60.90");
        assertThat(sps.maxNumReorderPics()).isEqualTo(2); // x265 with B-frames in a pyramid
    }

    @Test
    void anSpsCutBeforeItsSubLayerOrderingInfoHasAnUnknownReorderDepth() {
        // The first 24 bytes reach past the bit depths but not through sps_max_num_reorder_pics.
        H265Sps sps = H265Sps.parse(Arrays.copyOf(SPS, 24));
        assertThat(sps.width()).isEqualTo(320);
        assertThat(sps.maxNumReorderPics()).isEqualTo(-1);
    }

    @Test
    void buildsTheSameHvcCHeaderAsFfmpeg() {
        byte[] hvcc = HevcDecoderConfigurationRecord.of(List.of(VPS, SPS, PPS)).toByteArray();
        // ffmpeg 5.1 wrote these first 22 bytes for the same stream (ISO 14496-15 §8.3.3.1.2):
        byte[] ffmpeg = hex(
                "01" // configurationVersion
                        + " 01" // profile_space 0, tier 0, profile_idc 1
                        + " 60000000" // compatibility flags 1 and 2
                        + " 900000000000" // progressive_source, frame_only_constraint
                        + " 3c" // level_idc 60
                        + " f000 fc fd f8 f8" // min_spatial_segmentation, parallelism, chroma 4:2:0, 8-bit
                        + " 0000" // avgFrameRate
                        + " 0f"); // 1 temporal layer, nested, lengthSizeMinusOne 3
        assertThat(Arrays.copyOf(hvcc, 22)).isEqualTo(ffmpeg);
        HevcDecoderConfigurationRecord back = HevcDecoderConfigurationRecord.parse(hvcc);
        assertThat(back.parameterSets()).containsExactly(VPS, SPS, PPS);
        assertThat(back.lengthSize()).isEqualTo(4);
    }

    @Test
    void rejectsTruncatedSpsAndConfigs() {
        assertThatThrownBy(() -> H265Sps.parse(Arrays.copyOf(SPS, 12))).isInstanceOf(MediaFormatException.class);
        assertThatThrownBy(() -> H265Sps.parse(PPS)).isInstanceOf(MediaFormatException.class);
        assertThatThrownBy(() -> H265Sps.parse(hex("674d400deca0a0fd80880000030008000003019078a14cb0")))
                .isInstanceOf(MediaFormatException.class); // an H.264 SPS
        byte[] hvcc = HevcDecoderConfigurationRecord.of(List.of(VPS, SPS, PPS)).toByteArray();
        assertThatThrownBy(() -> HevcDecoderConfigurationRecord.parse(Arrays.copyOf(hvcc, hvcc.length - 3)))
                .isInstanceOf(MediaFormatException.class);
        assertThatThrownBy(() -> HevcDecoderConfigurationRecord.of(List.of(SPS, PPS)))
                .isInstanceOf(MediaFormatException.class);
    }
}
