package io.zonecam.media.h264;

import static io.zonecam.media.TestBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonecam.media.MediaFormatException;
import org.junit.jupiter.api.Test;

class H264SpsTest {

    /** x264 Constrained Baseline 320x180 at 25 fps: coded 320x192 with frame_crop_bottom_offset 6, VUI timing 50/1. */
    static final byte[] BASELINE_320X180 = hex("6742c00cd901419f9f011000000300100000030320f142a480");
    /** x264 High 320x240 at 30 fps with B-frames (scaling matrix absent, VUI with bitstream restriction). */
    static final byte[] HIGH_320X240 = hex("6764000dacd94141fb0110000003001000000303c0f1429960");

    static final byte[] HIGH_PPS = hex("68ebe3cb22c0");
    /** x264 Main 320x240 with 2 B-frames in a pyramid: VUI bitstream_restriction says two reordered frames. */
    static final byte[] MAIN_320X240 = hex("674d400deca0a0fd80880000030008000003019078a14cb0");

    @Test
    void parsesBaselineSpsWithCroppingAndVuiTiming() {
        H264Sps sps = H264Sps.parse(BASELINE_320X180);
        assertThat(sps.profileIdc()).isEqualTo(66);
        assertThat(sps.constraintFlags()).isEqualTo(0xc0);
        assertThat(sps.levelIdc()).isEqualTo(12);
        assertThat(sps.chromaFormatIdc()).isEqualTo(1);
        assertPictureSize(sps, 320, 180);
        assertThat(sps.frameMbsOnly()).isTrue();
        assertThat(sps.frameRate()).isEqualTo(25.0);
        assertThat(sps.codecString()).isEqualTo("avc1.42c00c");
    }

    @Test
    void parsesHighProfileSpsWithChromaInfoAndReorderDepth() {
        H264Sps sps = H264Sps.parse(HIGH_320X240);
        assertThat(sps.profileIdc()).isEqualTo(100);
        assertThat(sps.levelIdc()).isEqualTo(13);
        assertThat(sps.bitDepthLuma()).isEqualTo(8);
        assertPictureSize(sps, 320, 240);
        assertThat(sps.frameRate()).isEqualTo(30.0);
        assertThat(sps.maxNumReorderFrames()).isPositive();
        assertThat(sps.codecString()).isEqualTo("avc1.64000d");
    }

    @Test
    void parsesMainProfileSpsWithTheReorderDepthOfItsBitstreamRestriction() {
        H264Sps sps = H264Sps.parse(MAIN_320X240);
        assertThat(sps.profileIdc()).isEqualTo(77);
        assertPictureSize(sps, 320, 240);
        assertThat(sps.maxNumReorderFrames()).isEqualTo(2);
    }

    @Test
    void truncatedOrForeignNalUnitsAreFormatErrors() {
        assertThatThrownBy(() -> H264Sps.parse(hex("674d40"))).isInstanceOf(MediaFormatException.class);
        assertThatThrownBy(() -> H264Sps.parse(hex("6742c00cd9"))).isInstanceOf(MediaFormatException.class);
        assertThatThrownBy(() -> H264Sps.parse(HIGH_PPS)).isInstanceOf(MediaFormatException.class);
        assertThatThrownBy(() -> H264Sps.parse(new byte[0])).isInstanceOf(MediaFormatException.class);
    }

    @Test
    void truncatedVuiKeepsThePictureSize() {
        byte[] cut = java.util.Arrays.copyOf(BASELINE_320X180, 14);
        H264Sps sps = H264Sps.parse(cut);
        assertPictureSize(sps, 320, 180);
    }

    static void assertPictureSize(H264Sps sps, int width, int height) {
        assertThat(sps.width()).as("width").isEqualTo(width);
        assertThat(sps.height()).as("height").isEqualTo(height);
    }
}
