package io.zonecam.media.aac;

import static io.zonecam.media.TestBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonecam.media.MediaFormatException;
import org.junit.jupiter.api.Test;

class AudioSpecificConfigTest {

    @Test
    void parsesAacLcStereo44100() {
        // ISO 14496-3 §1.6.2.1: audioObjectType 00010 (LC), samplingFrequencyIndex 0100 (44100),
        // channelConfiguration 0010, GASpecificConfig 000 → 0001 0010 0001 0000 = 12 10
        AudioSpecificConfig c = AudioSpecificConfig.parse(hex("1210"));
        assertThat(c.objectType()).isEqualTo(2);
        assertThat(c.sampleRate()).isEqualTo(44100);
        assertThat(c.channels()).isEqualTo(2);
        assertThat(c.frameLength()).isEqualTo(1024);
        assertThat(c.codecString()).isEqualTo("mp4a.40.2");
        assertThat(c.toByteArray()).isEqualTo(hex("1210"));
    }

    @Test
    void ignoresTheBackwardCompatibleSbrSyncExtensionFfmpegAppends() {
        // ffmpeg's RTSP ANNOUNCE config=121056E500: 12 10 then syncExtensionType 0x2b7, extension AOT 5, sbr 0
        AudioSpecificConfig c = AudioSpecificConfig.parse(hex("121056E500"));
        assertThat(c.sampleRate()).isEqualTo(44100);
        assertThat(c.sbr()).isFalse();
    }

    @Test
    void parsesExplicitHeAacSignalling() {
        // AOT 00101 (SBR), index 0110 (24000), channels 0010, extension index 0011 (48000), AOT 00010, GA 000
        AudioSpecificConfig c = AudioSpecificConfig.parse(hex("2b118800"));
        assertThat(c.sbr()).isTrue();
        assertThat(c.objectType()).isEqualTo(2);
        assertThat(c.sampleRate()).isEqualTo(24000);
        assertThat(c.outputSampleRate()).isEqualTo(48000);
        assertThat(c.codecString()).isEqualTo("mp4a.40.5");
        assertThat(AudioSpecificConfig.parse(c.toByteArray())).isEqualTo(c);
    }

    @Test
    void roundTripsExplicitRatesAndEscapedObjectTypes() {
        AudioSpecificConfig c = new AudioSpecificConfig(42, 15, 12345, 1, 960, false, false, 0);
        AudioSpecificConfig back = AudioSpecificConfig.parse(c.toByteArray());
        assertThat(back.objectType()).isEqualTo(42);
        assertThat(back.sampleRate()).isEqualTo(12345);
        assertThat(AudioSpecificConfig.of(2, 48000, 1).toByteArray()).isEqualTo(hex("1188"));
    }

    @Test
    void rejectsReservedAndTruncatedConfigs() {
        assertThatThrownBy(() -> AudioSpecificConfig.parse(hex("16"))).isInstanceOf(MediaFormatException.class);
        assertThatThrownBy(() -> AudioSpecificConfig.parse(hex("1690"))).isInstanceOf(MediaFormatException.class);
        assertThatThrownBy(() -> AudioSpecificConfig.parse(new byte[0])).isInstanceOf(MediaFormatException.class);
        assertThatThrownBy(() -> AudioSpecificConfig.parse(hex("0010"))).isInstanceOf(MediaFormatException.class);
    }
}
