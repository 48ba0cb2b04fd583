package io.zonecam.ingest.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.media.frame.Codec;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** SPS reorder depth, NAL re-framing and the 32-bit unwrapper (records and AAC config are media's, tested there). */
class CodecParsingTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    /** x264 Main, 320x240, 2 B-frames: VUI bitstream_restriction says one reordered frame. */
    static final byte[] SPS_MAIN = hex("674d400deca0a0fd80880000030008000003019078a14cb0");
    /** x265 Main 320x240. */
    static final byte[] SPS_HEVC =
            hex("42010101600000030090000003000003003ca00a080f165959a4932bc05a020000030002000003003210");

    @Test
    void h264SpsGivesCroppedSizeProfileAndReorderDepth() {
        SpsInfo s = SpsInfo.parse(Codec.H264, SPS_MAIN);
        assertThat(s.width()).isEqualTo(320);
        assertThat(s.height()).isEqualTo(240);
        assertThat(s.profile()).isEqualTo(77);
        assertThat(s.reorderFrames()).isBetween(1, 2);
    }

    @Test
    void h265SpsGivesSizeAndReorderPics() {
        SpsInfo s = SpsInfo.parse(Codec.H265, SPS_HEVC);
        assertThat(s.width()).isEqualTo(320);
        assertThat(s.height()).isEqualTo(240);
        assertThat(s.profile()).isEqualTo(1);
        assertThat(s.reorderFrames()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void truncatedOrForeignSpsIsNull() {
        assertThat(SpsInfo.parse(Codec.H264, hex("674d40"))).isNull();
        assertThat(SpsInfo.parse(Codec.H264, hex("68ce0fc8"))).isNull(); // a PPS
        assertThat(SpsInfo.parse(Codec.H265, SPS_MAIN)).isNull();
        assertThat(SpsInfo.parse(Codec.H264, new byte[0])).isNull();
    }

    @Test
    void reframesLengthPrefixesAndRefusesLengthsThatDoNotTile() {
        assertThat(NalUnits.toFourByteLengths(hex("0002aabb0001cc"), 0, 7, 2)).isEqualTo(hex("00000002aabb00000001cc"));
        assertThat(NalUnits.toFourByteLengths(hex("02aabb"), 0, 3, 1)).isEqualTo(hex("00000002aabb"));
        assertThat(NalUnits.toFourByteLengths(hex("0003aabb"), 0, 4, 2)).isNull();
        assertThat(NalUnits.toFourByteLengths(hex("0000"), 0, 2, 2)).isNull(); // empty NAL
        assertThat(NalUnits.toFourByteLengths(hex("aabb"), 0, 2, 3)).isNull();
    }

    @Test
    void findsRandomAccessPointsPerCodec() {
        assertThat(NalUnits.isRandomAccess(Codec.H264, hex("0000000167" + "0000000565")))
                .isFalse(); // runs past the end
        assertThat(NalUnits.isRandomAccess(Codec.H264, hex("0000000167" + "000000026588")))
                .isTrue();
        assertThat(NalUnits.isRandomAccess(Codec.H264, hex("00000002419a"))).isFalse();
        assertThat(NalUnits.isRandomAccess(Codec.H265, hex("000000032601af"))).isTrue(); // IDR_W_RADL
        assertThat(NalUnits.isRandomAccess(Codec.H265, hex("000000030201d0"))).isFalse(); // TRAIL_R
    }

    @Test
    void unwrapsForwardAcrossTheWrapAndToleratesSmallStepsBack() {
        Unwrapper32 u = new Unwrapper32();
        assertThat(u.unwrap(0xFFFF_FF00L)).isEqualTo(0xFFFF_FF00L);
        assertThat(u.unwrap(0x0000_0100L)).isEqualTo(0x1_0000_0100L);
        assertThat(u.unwrap(0xFFFF_FFF0L)).isEqualTo(0xFFFF_FFF0L); // back across the wrap by 0x110
        assertThat(u.unwrap(0x0000_0200L)).isEqualTo(0x1_0000_0200L);
    }
}
