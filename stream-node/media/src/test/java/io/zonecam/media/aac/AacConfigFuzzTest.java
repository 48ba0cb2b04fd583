package io.zonecam.media.aac;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.zonecam.media.MediaFormatException;

/** AacConfigFuzzTest feeds arbitrary bytes to the AudioSpecificConfig and ADTS parsers. */
class AacConfigFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void parsersThrowOnlyTheFormatExceptionAndConfigsRoundTrip(byte[] input) {
        try {
            AudioSpecificConfig c = AudioSpecificConfig.parse(input);
            assertThat(c.sampleRate()).isPositive();
            if (c.objectType() < 31) {
                AudioSpecificConfig back = AudioSpecificConfig.parse(c.toByteArray());
                assertThat(back.objectType()).isEqualTo(c.objectType());
                assertThat(back.sampleRate()).isEqualTo(c.sampleRate());
            }
        } catch (MediaFormatException expected) {
            // fine
        }
        try {
            Adts.frames(input).forEach(f -> assertThat(f.length()).isNotNegative());
        } catch (MediaFormatException expected) {
            // fine
        }
    }
}
