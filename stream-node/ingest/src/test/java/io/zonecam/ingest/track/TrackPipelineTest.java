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
        long start = 90_000; // the RTP timeline starts one second in
        // Decode order I0 P3 B1 B2: with depth 2 the first two frames wait for the third.
        video.push(rtp(0, true, IDR));
        video.push(rtp(3 * u, false, SLICE));
        assertThat(frames).isEmpty();
        video.push(rtp(u, false, SLICE));
        video.push(rtp(2 * u, false, SLICE));
        assertThat(frames).extracting(MediaFrame::pts).containsExactly(start, start + 3 * u, start + u, start + 2 * u);
        assertThat(frames).extracting(MediaFrame::dts).isSorted().doesNotHaveDuplicates();
        assertThat(frames).allSatisfy(f -> assertThat(f.dts()).isLessThanOrEqualTo(f.pts()));
    }

    /**
     * An x264 {@code -bf 2 -g 50} GOP as RTP delivers it (pts only, starting at 0) from the first keyframe, with the
     * parameter sets only in the SDP (sprop-parameter-sets) and none in-band: every frame comes out, the first one
     * the keyframe, with its presentation time kept (on the RTP timeline that starts at one second) and decode times
     * that are never negative and always increasing, evenly spaced from the first frame on.
     */
    @Test
    void aBFrameGopWithParameterSetsOnlyInTheSdpComesOutWholeWithNoNegativeDecodeTime() {
        TrackPipeline video = TrackPipeline.video(1, Codec.H264, 90000, List.of(SPS, PPS), true, out);
        long u = 3600;
        List<Long> sent = new ArrayList<>();
        sent.add(0L);
        for (int p = 3; sent.size() < 50; p += 3) {
            int last = Math.min(p, 49);
            sent.add(last * u);
            for (int b = p - 2; b < last; b++) {
                sent.add(b * u);
            }
        }
        for (int i = 0; i < sent.size(); i++) {
            video.push(rtp(sent.get(i), i == 0, i == 0 ? IDR : SLICE));
        }
        video.push(rtp(50 * u, true, IDR)); // the next GOP's keyframe releases nothing held: depth 2 is steady
        video.flush();
        assertThat(events).doesNotContain("tracks"); // nothing in-band changed the SDP's configuration
        assertThat(video.info().parameterSets()).containsExactly(SPS, PPS);
        assertThat(frames).hasSize(51);
        assertThat(frames.get(0).keyframe()).isTrue();
        long start = TrackPipeline.rtpStart(90000);
        assertThat(start).isEqualTo(90000);
        assertThat(frames.subList(0, 50)).extracting(f -> f.pts() - start).containsExactlyElementsOf(sent);
        assertThat(frames).extracting(MediaFrame::dts).isSorted().doesNotHaveDuplicates();
        assertThat(frames).allSatisfy(f -> assertThat(f.dts()).isBetween(0L, f.pts()));
        for (int i = 0; i < frames.size(); i++) {
            assertThat(frames.get(i).dts()).as("dts of frame %d", i).isEqualTo(start + (i - 2) * u);
        }
    }

    /** H.265 with VPS/SPS/PPS only in the SDP (sprop-vps/sps/pps): the first IRAP is a frame like any other. */
    @Test
    void anH265TrackConfiguredFromTheSdpDeliversItsFirstIrap() {
        byte[] vps = HexFormat.of().parseHex("40010c01ffff01600000030090000003000003003c959809");
        byte[] sps = HexFormat.of()
                .parseHex("42010101600000030090000003000003003ca00a080f165959a4932bc05a020000030002000003003210");
        byte[] pps = HexFormat.of().parseHex("4401c172b46240");
        TrackPipeline video = TrackPipeline.video(1, Codec.H265, 90000, List.of(vps, sps, pps), true, out);
        assertThat(video.configured()).isTrue();
        assertThat(video.info().width()).isEqualTo(320);
        byte[] idr = {0x26, 0x01, (byte) 0xaf};
        byte[] trail = {0x02, 0x01, (byte) 0xd0};
        assertThat(video.isRandomAccess(LengthPrefixed.join(List.of(idr)))).isTrue();
        video.push(rtp(0, true, idr));
        video.push(rtp(3600, false, trail));
        video.push(rtp(7200, false, trail));
        video.flush();
        assertThat(frames).hasSize(3);
        assertThat(frames.get(0).keyframe()).isTrue();
        assertThat(frames).extracting(MediaFrame::pts).containsExactly(90000L, 93600L, 97200L);
        assertThat(frames).extracting(MediaFrame::dts).isSorted().doesNotHaveDuplicates();
        assertThat(frames).allSatisfy(f -> assertThat(f.dts()).isBetween(0L, f.pts()));
        assertThat(events).doesNotContain("tracks");
    }

    /** Audio of an RTP session starts on the same timeline as its video, one second in. */
    @Test
    void rtpAudioStartsWhereRtpVideoStarts() {
        TrackInfo aac = TrackInfo.audio(2, Codec.AAC, 44100, new byte[] {0x12, 0x08}, 44100, 1);
        TrackPipeline audio = TrackPipeline.rtpAudio(aac, out);
        audio.push(new MediaFrame(2, 0, 0, true, new byte[] {1}));
        audio.push(new MediaFrame(2, 1024, 1024, true, new byte[] {2}));
        assertThat(frames).extracting(MediaFrame::pts).containsExactly(44100L, 45124L);
        assertThat(frames).extracting(MediaFrame::dts).containsExactly(44100L, 45124L);
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
