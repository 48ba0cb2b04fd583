package io.zonecam.media.aac;

import static io.zonecam.media.TestBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonecam.media.MediaFormatException;
import io.zonecam.media.bits.ByteSlice;
import org.junit.jupiter.api.Test;

class AdtsTest {

    @Test
    void parsesTheFixedAndVariableHeaderOfIso14496_3AnnexA2_2() {
        byte[] header = hex(
                "fff1" // syncword, ID 0 (MPEG-4), layer 00, protection_absent 1
                        + " 50" // profile 01 (LC), sampling_frequency_index 0100 (44100), private 0, channel hi 0
                        + " 80" // channel lo 10 (stereo), original 0, home 0, copyright bits 0, length hi 00
                        + " 2e 7f" // aac_frame_length = 0x2e << 3 | 011 = 371, buffer fullness hi
                        + " fc"); // buffer fullness lo, number_of_raw_data_blocks_in_frame 0
        Adts.Header h = Adts.parseHeader(header, 0, header.length);
        assertThat(h.objectType()).isEqualTo(2);
        assertThat(h.samplingFrequencyIndex()).isEqualTo(4);
        assertThat(h.channelConfiguration()).isEqualTo(2);
        assertThat(h.headerLength()).isEqualTo(7);
        assertThat(h.frameLength()).isEqualTo(371);
        assertThat(h.toConfig().toByteArray()).isEqualTo(hex("1210"));
    }

    @Test
    void stripsHeadersFromAStreamOfFrames() {
        AudioSpecificConfig config = AudioSpecificConfig.of(2, 48000, 1);
        byte[] a = hex("0102030405");
        byte[] b = hex("0a0b");
        byte[] stream = concat(Adts.header(config, a.length), a, Adts.header(config, b.length), b);
        assertThat(Adts.frames(stream)).extracting(ByteSlice::toByteArray).containsExactly(a, b);
        assertThat(Adts.parseHeader(stream, 0, stream.length).toConfig()).isEqualTo(config);
    }

    @Test
    void rejectsLostSyncTruncationAndMultipleRawBlocks() {
        AudioSpecificConfig config = AudioSpecificConfig.of(2, 48000, 1);
        byte[] frame = concat(Adts.header(config, 10), new byte[10]);
        assertThatThrownBy(() -> Adts.frames(frame, 0, frame.length - 1)).isInstanceOf(MediaFormatException.class);
        byte[] noSync = frame.clone();
        noSync[0] = 0;
        assertThatThrownBy(() -> Adts.frames(noSync)).isInstanceOf(MediaFormatException.class);
        byte[] blocks = frame.clone();
        blocks[6] |= 1;
        assertThatThrownBy(() -> Adts.frames(blocks)).isInstanceOf(MediaFormatException.class);
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int pos = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, pos, p.length);
            pos += p.length;
        }
        return out;
    }
}
