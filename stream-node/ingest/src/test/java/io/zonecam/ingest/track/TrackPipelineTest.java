package io.zonecam.ingest.track;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.media.frame.Codec;
import io.zonecam.media.frame.MediaFrame;
import io.zonecam.media.frame.TrackInfo;
import io.zonecam.media.h264.LengthPrefixed;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-track path both protocols share: parameter sets, then timestamps. */
class TrackPipelineTest {

    /** x264 Main 320x240 with B-frames: VUI max_num_reorder_frames 2. */
    static final byte[] SPS = HexFormat.of().parseHex("674d400deca0a0fd80880000030008000003019078a14cb0");

    static final byte[] PPS = HexFormat.of().parseHex("68ce0fc8");
    static final byte[] IDR = {0x65, (byte) 0x88, 0x21};
    static final byte[] SLICE = {0x41, (byte) 0x9a, 0x02};

    /** What the output saw, in order: "tracks" for a track change, the pts of each frame otherwise. */
    private final List<String> events = new ArrayList<>();

    private final List<MediaFrame> frames = new ArrayList<>();
    private final TrackPipeline.Output out = new TrackPipeline.Output() {
        @Override
        public void tracksChanged() {
            events.add("tracks");
        }

        @Override
        public void frame(MediaFrame frame) {
            events.add("frame " + frame.pts());
            frames.add(frame);
        }
    };

    private static MediaFrame rtp(long pts, boolean key, byte[]... nals) {
        return new MediaFrame(1, pts, pts, key, LengthPrefixed.join(List.of(nals)));
    }

    @Test
    void inBandParameterSetsUpdateTheTrackBeforeTheFrameThatCarriesThem() {
        TrackPipeline video = TrackPipeline.video(1, Codec.H264, 90000, List.of(), true, out);
        assertThat(video.configured()).isFalse();
        video.push(rtp(0, true, SPS, PPS, IDR));
        video.push(rtp(3600, false, SLICE)); // no parameter set: no change
        video.flush();
        assertThat(video.configured()).isTrue();
        TrackInfo info = video.info();
        assertThat(info.parameterSets()).containsExactly(SPS, PPS);
        assertThat(info.width()).isEqualTo(320);
        assertThat(events.get(0)).isEqualTo("tracks");
        assertThat(events).filteredOn("tracks"::equals).hasSize(1);
    }

    @Test
    void presentationTimesOnlyGetDecodeTimesWithTheDepthOfTheSps() {
        TrackPipeline video = TrackPipeline.video(1, Codec.H264, 90000, List.of(SPS, PPS), true, out);
        long u = 3600;
        // Decode order I0 P3 B1 B2: with depth 2 the first two frames wait for the third.
        video.push(rtp(0, true, IDR));
        video.push(rtp(3 * u, false, SLICE));
        assertThat(frames).isEmpty();
        video.push(rtp(u, false, SLICE));
        video.push(rtp(2 * u, false, SLICE));
        assertThat(frames).extracting(MediaFrame::pts).containsExactly(0L, 3 * u, u, 2 * u);
        assertThat(frames).extracting(MediaFrame::dts).isSorted().doesNotHaveDuplicates();
        assertThat(frames).allSatisfy(f -> assertThat(f.dts()).isLessThanOrEqualTo(f.pts()));
    }

    @Test
    void decodeTimesThatArriveWithTheFramesAreKept() {
        TrackPipeline video = TrackPipeline.video(1, Codec.H264, 1000, List.of(), false, out);
        video.configure(List.of(SPS, PPS));
        video.push(new MediaFrame(1, 0, 80, true, LengthPrefixed.join(List.of(IDR))));
        video.push(new MediaFrame(1, 40, 200, false, LengthPrefixed.join(List.of(SLICE))));
        assertThat(events).containsExactly("tracks", "frame 80", "frame 200");
        assertThat(frames).extracting(MediaFrame::dts).containsExactly(0L, 40L);
        video.configure(List.of(SPS, PPS)); // the same configuration again is no change
        assertThat(events).hasSize(3);
    }

    @Test
    void audioPassesThrough() {
        TrackInfo aac = TrackInfo.audio(2, Codec.AAC, 48000, new byte[] {0x11, (byte) 0x90}, 48000, 2);
        TrackPipeline audio = TrackPipeline.audio(aac, out);
        MediaFrame f = new MediaFrame(2, 1024, 1024, true, new byte[] {1});
        audio.push(f);
        assertThat(frames).containsExactly(f);
        assertThat(audio.configured()).isTrue();
        assertThat(audio.isRandomAccess(f.data())).isFalse();
    }
}
