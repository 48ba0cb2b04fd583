package io.zonecam.media.h264;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.zonecam.media.MediaFormatException;
import io.zonecam.media.frame.Codec;
import io.zonecam.media.h265.H265Sps;
import io.zonecam.media.h265.HevcDecoderConfigurationRecord;

/**
 * ParameterSetFuzzTest feeds arbitrary bytes to the H.264/H.265 SPS parsers, the avcC/hvcC parsers, the Annex B
 * scanner and the frame-marker search; only {@link MediaFormatException} may come out.
 */
class ParameterSetFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void parsersThrowOnlyTheFormatException(byte[] input) {
        byte[] sps = input.clone();
        if (sps.length > 0) {
            sps[0] = 0x67;
        }
        try {
            H264Sps parsed = H264Sps.parse(sps);
            if (parsed.width() <= 0 || parsed.height() <= 0) {
                throw new AssertionError("parsed a non-positive size");
            }
        } catch (MediaFormatException expected) {
            // fine
        }
        byte[] hevc = input.clone();
        if (hevc.length > 1) {
            hevc[0] = 0x42;
        }
        swallow(() -> H265Sps.parse(hevc));
        swallow(() -> AvcDecoderConfigurationRecord.parse(input));
        swallow(() -> HevcDecoderConfigurationRecord.parse(input));
        swallow(() -> AnnexB.accessUnits(input, Codec.H264));
        swallow(() -> AnnexB.accessUnits(input, Codec.H265));
        swallow(() -> FrameMarker.find(input, Codec.H264));
        swallow(() -> FrameMarker.find(input, Codec.H265));
    }

    private static void swallow(Runnable r) {
        try {
            r.run();
        } catch (MediaFormatException expected) {
            // the only exception allowed
        }
    }
}
