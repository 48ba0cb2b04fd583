package io.zonecam.media.h264;

import static io.zonecam.media.TestBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonecam.media.MediaFormatException;
import java.util.List;
import org.junit.jupiter.api.Test;

class AvcDecoderConfigurationRecordTest {

    @Test
    void buildsAvcCLayoutOfIso14496_15Section5_3_3_1() {
        byte[] avcc = AvcDecoderConfigurationRecord.of(H264SpsTest.HIGH_320X240, List.of(H264SpsTest.HIGH_PPS))
                .toByteArray();
        byte[] expected = hex(
                "01" // configurationVersion
                        + " 64 00 0d" // AVCProfileIndication, profile_compatibility, AVCLevelIndication
                        + " ff" // reserved 111111, lengthSizeMinusOne = 3
                        + " e1" // reserved 111, numOfSequenceParameterSets = 1
                        + " 0019 6764000dacd94141fb0110000003001000000303c0f1429960"
                        + " 01" // numOfPictureParameterSets
                        + " 0006 68ebe3cb22c0"
                        + " fd" // reserved 111111, chroma_format = 1 (4:2:0)
                        + " f8 f8" // bit depths luma/chroma minus 8 = 0
                        + " 00"); // numOfSequenceParameterSetExt
        assertThat(avcc).isEqualTo(expected);
    }

    @Test
    void parsesWhatItBuildsIncludingRecordsWithoutHighProfileExtension() {
        var built = AvcDecoderConfigurationRecord.of(List.of(H264SpsTest.BASELINE_320X180, hex("68cb83cb20")));
        var parsed = AvcDecoderConfigurationRecord.parse(built.toByteArray());
        assertThat(parsed.profileIdc()).isEqualTo(66);
        assertThat(parsed.lengthSize()).isEqualTo(4);
        assertThat(parsed.parameterSets()).containsExactly(H264SpsTest.BASELINE_320X180, hex("68cb83cb20"));

        byte[] high = AvcDecoderConfigurationRecord.of(H264SpsTest.HIGH_320X240, List.of(H264SpsTest.HIGH_PPS))
                .toByteArray();
        var withoutExtension = AvcDecoderConfigurationRecord.parse(high, 0, high.length - 4);
        assertThat(withoutExtension.chromaFormatIdc()).isEqualTo(-1);
        assertThat(withoutExtension.pps()).containsExactly(H264SpsTest.HIGH_PPS);
    }

    @Test
    void rejectsTruncatedRecords() {
        byte[] avcc = AvcDecoderConfigurationRecord.of(H264SpsTest.HIGH_320X240, List.of(H264SpsTest.HIGH_PPS))
                .toByteArray();
        for (int cut : new int[] {0, 3, 6, 10, 33}) {
            assertThatThrownBy(() -> AvcDecoderConfigurationRecord.parse(avcc, 0, cut))
                    .isInstanceOf(MediaFormatException.class);
        }
    }
}
