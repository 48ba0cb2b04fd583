package io.zonecam.media.h264;

import static io.zonecam.media.TestBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonecam.media.MediaFormatException;
import io.zonecam.media.bits.ByteSlice;
import io.zonecam.media.frame.Codec;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnnexBTest {

    @Test
    void splitsOnThreeAndFourByteStartCodesAndDropsTrailingZeros() {
        byte[] stream = hex(
                "00 00 00 01 67 42 00 1f" // 4-byte start code, SPS
                        + " 00 00 01 68 ce 3c 80 00 00" // 3-byte start code, PPS, trailing_zero_8bits
                        + " 00 00 00 01 65 88 84"); // IDR
        List<ByteSlice> nals = AnnexB.split(stream);
        assertThat(nals)
                .extracting(ByteSlice::toByteArray)
                .containsExactly(hex("67 42 00 1f"), hex("68 ce 3c 80"), hex("65 88 84"));
    }

    @Test
    void ignoresBytesBeforeTheFirstStartCode() {
        assertThat(AnnexB.split(hex("ff ee 00 00 01 09 f0")))
                .extracting(ByteSlice::toByteArray)
                .containsExactly(hex("09 f0"));
    }

    @Test
    void convertsBetweenAnnexBAndLengthPrefixedBothWays() {
        byte[] annexB = hex("00 00 00 01 67 42 00 1f 00 00 00 01 68 ce 3c 80 00 00 00 01 65 88 84 00");
        byte[] prefixed = AnnexB.toLengthPrefixed(annexB);
        assertThat(prefixed).isEqualTo(hex("00000004 6742001f 00000004 68ce3c80 00000003 658884"));
        assertThat(AnnexB.fromLengthPrefixed(prefixed))
                .isEqualTo(hex("00000001 6742001f 00000001 68ce3c80 00000001 658884"));
    }

    @Test
    void lengthPrefixedSplitRejectsLengthsPastTheEnd() {
        assertThatThrownBy(() -> LengthPrefixed.split(hex("00000009 6742"))).isInstanceOf(MediaFormatException.class);
        assertThatThrownBy(() -> LengthPrefixed.split(hex("000000"))).isInstanceOf(MediaFormatException.class);
        assertThatThrownBy(() -> LengthPrefixed.split(hex("00000000"))).isInstanceOf(MediaFormatException.class);
    }

    @Test
    void groupsAnElementaryStreamIntoAccessUnitsAtFirstSliceOfEachPicture() {
        // SPS PPS IDR(first_mb=0) IDR(first_mb=1: second slice of the same picture) P(first_mb=0) AUD P(first_mb=0)
        byte[] stream = hex("00000001 6742001f 00000001 68ce3c80 00000001 658884 00000001 65 4884"
                + " 00000001 419a 00000001 09f0 00000001 419b");
        List<byte[]> units = AnnexB.accessUnits(stream, Codec.H264);
        assertThat(units).hasSize(3);
        assertThat(LengthPrefixed.split(units.get(0))).hasSize(4);
        assertThat(units.get(1)).isEqualTo(hex("00000002 419a"));
        assertThat(units.get(2)).isEqualTo(hex("00000002 09f0 00000002 419b"));
        assertThat(H264Nal.containsIdr(units.get(0))).isTrue();
        assertThat(H264Nal.containsIdr(units.get(1))).isFalse();
    }
}
