package io.zonecam.media.fmp4;

import static io.zonecam.media.TestBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.media.frame.Codec;
import io.zonecam.media.frame.MediaFrame;
import io.zonecam.media.frame.TrackInfo;
import io.zonecam.media.h264.FrameMarker;
import io.zonecam.media.h264.LengthPrefixed;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FragmenterTest {

    static final byte[] SPS = hex("6742c00cd901419f9f011000000300100000030320f142a480");
    static final byte[] PPS = hex("68cb83cb20");
    static final TrackInfo VIDEO = TrackInfo.video(1, Codec.H264, 90000, List.of(SPS, PPS), 320, 180);
    static final TrackInfo AUDIO = TrackInfo.audio(2, Codec.AAC, 48000, hex("1190"), 48000, 2);

    private final List<Fragment> fragments = new ArrayList<>();

    static MediaFrame video(int n, boolean key) {
        byte[] picture = key ? hex("65888400") : hex("419a0102");
        byte[] au = new FrameMarker("cam-1", n, 1_000_000L + n * 40_000L)
                .insertInto(LengthPrefixed.join(List.of(picture)), Codec.H264);
        return new MediaFrame(1, n * 3600L, n * 3600L, key, au);
    }

    static MediaFrame audio(int n) {
        return new MediaFrame(2, n * 1024L, n * 1024L, true, new byte[] {(byte) n, 1, 2});
    }

    @Test
    void cutsAtTheFirstKeyframeAfterTheTargetDurationAndCarriesTracksTogether() {
        Fragmenter f = new Fragmenter(List.of(VIDEO, AUDIO), fragments::add);
        // 25 fps video with a keyframe every 25 frames (1 s), 48 kHz AAC, interleaved by time, 5 s.
        int a = 0;
        for (int v = 0; v < 125; v++) {
            while (a * 1024L * 90000 / 48000 <= v * 3600L) {
                f.push(audio(a++));
            }
            f.push(video(v, v % 25 == 0));
        }
        f.flush();
        assertThat(fragments).extracting(Fragment::frameCount).containsExactly(50, 50, 25);
        assertThat(fragments).extracting(Fragment::startTime).containsExactly(0L, 180_000L, 360_000L);
        assertThat(fragments).extracting(Fragment::durationMicros).containsExactly(2_000_000L, 2_000_000L, 1_000_000L);
        assertThat(fragments).allMatch(Fragment::keyframe);
        assertThat(fragments).extracting(Fragment::sequenceNumber).containsExactly(1L, 2L, 3L);
        assertThat(fragments.get(1).firstMarker().frameCounter()).isEqualTo(50);
        assertThat(fragments.get(1).lastMarker().frameCounter()).isEqualTo(99);

        // Read the second fragment back: both tracks present, times continuous, bytes equal to the input.
        List<FragmentReader.TrackSamples> tracks =
                FragmentReader.read(fragments.get(1).data(), 0, fragments.get(1).data().length);
        assertThat(tracks).extracting(FragmentReader.TrackSamples::trackId).containsExactly(1, 2);
        FragmentReader.TrackSamples v = tracks.get(0);
        assertThat(v.baseMediaDecodeTime()).isEqualTo(180_000L);
        assertThat(v.samples()).allMatch(s -> s.duration() == 3600);
        assertThat(v.samples().get(0).sync()).isTrue();
        assertThat(v.samples().get(1).sync()).isFalse();
        assertThat(v.samples().get(25).sync()).isTrue();
        FragmentReader.TrackSamples au = tracks.get(1);
        assertThat(au.samples()).allMatch(s -> s.duration() == 1024);
        long audioEnd = fragments.stream()
                .mapToLong(fr -> FragmentReader.read(fr.data(), 0, fr.data().length)
                        .get(1)
                        .samples()
                        .size())
                .sum();
        // the audio frame at time 0 came before the first video keyframe: skipped, everything after it kept
        assertThat(f.skipped()).isEqualTo(1);
        assertThat(audioEnd).isEqualTo(a - 1);
        byte[] data = fragments.get(1).data();
        FragmentReader.SampleRef s0 = au.samples().get(0);
        assertThat(data[s0.offset()]).isEqualTo((byte) (au.baseMediaDecodeTime() / 1024));
    }

    @Test
    void skipsEverythingBeforeTheFirstKeyframeAndDropsNonIncreasingTimestamps() {
        Fragmenter f = new Fragmenter(List.of(VIDEO, AUDIO), fragments::add);
        f.push(audio(0));
        f.push(video(0, false));
        f.push(video(1, true));
        f.push(video(2, false));
        f.push(video(2, false)); // same dts again
        f.push(new MediaFrame(9, 0, 0, true, hex("00"))); // unknown track
        f.push(video(3, false));
        f.flush();
        assertThat(f.skipped()).isEqualTo(2);
        assertThat(f.dropped()).isEqualTo(2);
        assertThat(fragments).hasSize(1);
        assertThat(fragments.get(0).frameCount()).isEqualTo(3);
        assertThat(fragments.get(0).startTime()).isEqualTo(3600);
        // the last frame takes the previous frame's duration
        assertThat(fragments.get(0).duration()).isEqualTo(3 * 3600);
    }

    @Test
    void cutsAudioOnlyStreamsByDuration() {
        Fragmenter f =
                new Fragmenter(List.of(AUDIO), new Fragmenter.Config(500_000, 1_000_000, 1 << 20), fragments::add);
        for (int i = 0; i < 100; i++) {
            f.push(audio(i));
        }
        f.flush();
        // 500 ms = 23.4 frames of 1024 samples: cut when 24 frames are complete
        assertThat(fragments).extracting(Fragment::frameCount).containsExactly(24, 24, 24, 24, 4);
        assertThat(fragments).allMatch(Fragment::keyframe);
    }

    @Test
    void cutsAtTheFirstKeyframeOfEachWallClockCellSoSessionsJoiningAnywhereLineUp() {
        // 1 s GOPs, 2 s cells. A session that started capture at 1 s (odd) and one that joined at 3 s both cut at the
        // keyframes captured at 4, 6, 8 s: the first keyframe of each cell.
        List<Fragment> early = new ArrayList<>();
        List<Fragment> late = new ArrayList<>();
        Fragmenter first = new Fragmenter(List.of(VIDEO), Fragmenter.Config.defaults(), m -> 1_000_000 + m, early::add);
        Fragmenter joined = new Fragmenter(List.of(VIDEO), Fragmenter.Config.defaults(), m -> 3_000_000 + m, late::add);
        for (int v = 0; v < 250; v++) {
            first.push(video(v, v % 25 == 0)); // captured at 1 s + v × 40 ms
            if (v >= 50) {
                joined.push(video(v - 50, v % 25 == 0)); // the same frames, its media time starting at 0
            }
        }
        first.flush();
        joined.flush();
        assertThat(early)
                .extracting(fr -> 1_000_000 + fr.startMicros())
                .containsExactly(1_000_000L, 2_000_000L, 4_000_000L, 6_000_000L, 8_000_000L, 10_000_000L);
        assertThat(late)
                .extracting(fr -> 3_000_000 + fr.startMicros())
                .containsExactly(3_000_000L, 4_000_000L, 6_000_000L, 8_000_000L, 10_000_000L);
        assertThat(early.get(2).firstMarker().frameCounter())
                .isEqualTo(late.get(1).firstMarker().frameCounter() + 50);
    }

    @Test
    void forcesACutWithoutKeyframeAtTheMaximumDuration() {
        Fragmenter f =
                new Fragmenter(List.of(VIDEO), new Fragmenter.Config(1_000_000, 2_000_000, 1 << 20), fragments::add);
        for (int v = 0; v < 120; v++) {
            f.push(video(v, v == 0)); // one keyframe, then a very long GOP
        }
        f.flush();
        assertThat(fragments).extracting(Fragment::frameCount).containsExactly(50, 50, 20);
        assertThat(fragments).extracting(Fragment::keyframe).containsExactly(true, false, false);
    }

    @Test
    void writesCompositionOffsetsOfReorderedFramesAsSignedValues() {
        Fragmenter f = new Fragmenter(List.of(VIDEO), fragments::add);
        // decode order I P B with pts 0, 7200, 3600 and dts -3600, 0, 3600 (negative offsets need trun v1)
        f.push(new MediaFrame(1, -3600, 0, true, LengthPrefixed.join(List.of(hex("658801")))));
        f.push(new MediaFrame(1, 0, 7200, false, LengthPrefixed.join(List.of(hex("419a01")))));
        f.push(new MediaFrame(1, 3600, 3600, false, LengthPrefixed.join(List.of(hex("019a02")))));
        f.push(new MediaFrame(1, 7200, 0, false, LengthPrefixed.join(List.of(hex("019a03")))));
        f.flush();
        var samples = FragmentReader.read(
                        fragments.get(0).data(), 0, fragments.get(0).data().length)
                .get(0)
                .samples();
        assertThat(samples)
                .extracting(FragmentReader.SampleRef::compositionOffset)
                .containsExactly(3600L, 7200L, 0L, -7200L);
        assertThat(fragments.get(0).startTime()).isEqualTo(-3600);
    }
}
