package io.zonecam.media.fmp4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonecam.media.frame.Codec;
import io.zonecam.media.frame.TrackInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class InitSegmentWriterTest {

    @Test
    void writesCmafBrandsTracksAndTrexForEachTrack() {
        byte[] init = InitSegmentWriter.write(List.of(FragmenterTest.VIDEO, FragmenterTest.AUDIO));
        assertThat(BoxReader.boxes(init)).extracting(BoxReader.Box::type).containsExactly("ftyp", "moov");
        BoxReader.Box ftyp = BoxReader.find(init, "ftyp").orElseThrow();
        assertThat(BoxReader.fourcc(init, ftyp.contentOffset())).isEqualTo("cmfc");
        BoxReader.Box moov = BoxReader.find(init, "moov").orElseThrow();
        assertThat(BoxReader.children(init, moov))
                .extracting(BoxReader.Box::type)
                .containsExactly("mvhd", "trak", "trak", "mvex");
        BoxReader.Box stsd =
                BoxReader.find(init, "moov/trak/mdia/minf/stbl/stsd").orElseThrow();
        // stsd is a full box with an entry count before its children (§8.5.2)
        var entries = BoxReader.boxes(init, stsd.contentOffset() + 8, stsd.contentLength() - 8);
        assertThat(entries).extracting(BoxReader.Box::type).containsExactly("avc1");
        assertThat(BoxReader.find(init, "moov/mvex/trex")).isPresent();
    }

    @Test
    void refusesG711BecauseIsoBmffHasNoSampleEntryForIt() {
        TrackInfo pcmu = TrackInfo.audio(2, Codec.PCMU, 8000, new byte[0], 8000, 1);
        assertThat(InitSegmentWriter.supports(Codec.PCMU)).isFalse();
        assertThatThrownBy(() -> InitSegmentWriter.write(List.of(pcmu))).isInstanceOf(IllegalArgumentException.class);
    }
}
