package io.zonecam.media.fmp4;

import static io.zonecam.media.TestBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonecam.media.MediaFormatException;
import org.junit.jupiter.api.Test;

class BoxReaderTest {

    @Test
    void walksBoxesWithCompactLargeAndToEndSizes() {
        byte[] data = hex(
                "00000008 66726565" // 'free', size 8
                        + " 00000001 736b6970 0000000000000012 aabb" // 'skip' with largesize 18
                        + " 00000000 6d646174 0102"); // 'mdat' to the end
        assertThat(BoxReader.boxes(data))
                .extracting(BoxReader.Box::type, BoxReader.Box::size)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("free", 8),
                        org.assertj.core.groups.Tuple.tuple("skip", 18),
                        org.assertj.core.groups.Tuple.tuple("mdat", 10));
    }

    @Test
    void decodesTfdtVersion0And1AndTrunWithSignedOffsets() {
        byte[] tfdt0 = hex("00000010 74666474 00000000 00001000");
        byte[] tfdt1 = hex("00000014 74666474 01000000 0000000100000000");
        assertThat(BoxReader.tfdt(tfdt0, BoxReader.boxes(tfdt0).get(0))).isEqualTo(4096);
        assertThat(BoxReader.tfdt(tfdt1, BoxReader.boxes(tfdt1).get(0))).isEqualTo(1L << 32);
        byte[] trun = hex("0000001c 7472756e"
                + " 01000801" // version 1, flags data-offset | composition-offset
                + " 00000002" // sample_count
                + " 00000064" // data_offset 100
                + " 00000e10" // +3600
                + " ffffe3e0"); // -7200
        BoxReader.TrackRun run = BoxReader.trun(trun, BoxReader.boxes(trun).get(0));
        assertThat(run.dataOffset()).isEqualTo(100);
        assertThat(run.samples())
                .extracting(BoxReader.TrunSample::compositionOffset)
                .containsExactly(3600L, -7200L);
    }

    @Test
    void rejectsSizesThatDoNotFitAndHugeSampleCounts() {
        assertThatThrownBy(() -> BoxReader.boxes(hex("00000010 66726565"))).isInstanceOf(MediaFormatException.class);
        assertThatThrownBy(() -> BoxReader.boxes(hex("00000004 66726565"))).isInstanceOf(MediaFormatException.class);
        assertThatThrownBy(() -> BoxReader.boxes(hex("00000001 66726565 00000001 00000000")))
                .isInstanceOf(MediaFormatException.class);
        assertThatThrownBy(() -> BoxReader.boxes(hex("000000"))).isInstanceOf(MediaFormatException.class);
        byte[] trun = hex("00000010 7472756e 00000000 ffffffff");
        assertThatThrownBy(() -> BoxReader.trun(trun, BoxReader.boxes(trun).get(0)))
                .isInstanceOf(MediaFormatException.class);
        byte[] sized = hex("00000014 7472756e 00000100 00000010 00000001");
        assertThatThrownBy(() -> BoxReader.trun(sized, BoxReader.boxes(sized).get(0)))
                .isInstanceOf(MediaFormatException.class);
    }
}
