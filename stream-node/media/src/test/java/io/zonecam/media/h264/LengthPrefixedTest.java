package io.zonecam.media.h264;

import static io.zonecam.media.TestBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonecam.media.MediaFormatException;
import io.zonecam.media.h265.H265Nal;
import org.junit.jupiter.api.Test;

/** The 4-byte length-prefixed access unit layout of MP4 and MediaFrame (ISO 14496-15 §5.3.2). */
class LengthPrefixedTest {

    @Test
    void reframesOneAndTwoByteLengthsOfAvcCAndHvcCToFourBytes() {
        assertThat(LengthPrefixed.fromLengthSize(hex("0002 aabb 0001 cc"), 0, 7, 2))
                .isEqualTo(hex("00000002 aabb 00000001 cc"));
        assertThat(LengthPrefixed.fromLengthSize(hex("02 aabb"), 0, 3, 1)).isEqualTo(hex("00000002 aabb"));
        assertThat(LengthPrefixed.fromLengthSize(hex("ff 00000001 cc"), 1, 5, 4))
                .isEqualTo(hex("00000001 cc"));
    }

    @Test
    void refusesLengthsThatDoNotTileTheAccessUnit() {
        assertThatThrownBy(() -> LengthPrefixed.fromLengthSize(hex("0003 aabb"), 0, 4, 2))
                .isInstanceOf(MediaFormatException.class); // runs past the end
        assertThatThrownBy(() -> LengthPrefixed.fromLengthSize(hex("0000"), 0, 2, 2))
                .isInstanceOf(MediaFormatException.class); // empty NAL unit
        assertThatThrownBy(() -> LengthPrefixed.fromLengthSize(hex("aabb"), 0, 2, 3))
                .isInstanceOf(MediaFormatException.class); // lengthSizeMinusOne 2 is reserved
        assertThatThrownBy(() -> LengthPrefixed.fromLengthSize(hex(""), 0, 0, 4))
                .isInstanceOf(MediaFormatException.class); // nothing at all
    }

    @Test
    void findsRandomAccessPointsPerCodec() {
        // H.264 Table 7-1: type 5 is an IDR slice; H.265 Table 7-1: types 16..23 are IRAP pictures.
        assertThat(H264Nal.containsIdr(hex("00000001 67" + "00000002 6588"))).isTrue();
        assertThat(H264Nal.containsIdr(hex("00000002 419a"))).isFalse();
        assertThatThrownBy(() -> H264Nal.containsIdr(hex("00000001 67" + "00000005 65")))
                .isInstanceOf(MediaFormatException.class); // runs past the end
        assertThat(H265Nal.containsIrap(hex("00000003 2601af"))).isTrue(); // IDR_W_RADL
        assertThat(H265Nal.containsIrap(hex("00000003 0201d0"))).isFalse(); // TRAIL_R
    }
}
