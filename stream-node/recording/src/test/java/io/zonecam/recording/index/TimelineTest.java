package io.zonecam.recording.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.recording.index.Timeline.GapReason;
import io.zonecam.recording.playback.HlsPlaylist;
import io.zonecam.recording.store.FileSystemObjectStore;
import io.zonecam.recording.testing.Markers;
import io.zonecam.recording.testing.RangeHttpServer;
import io.zonecam.recording.testing.Sessions;
import io.zonecam.recording.testing.TestClip;
import io.zonecam.testing.NeedsFfmpeg;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Gaps and overlaps between sessions are explicit in the timeline, and the playlist plays no frame twice. */
@NeedsFfmpeg
class TimelineTest {

    static final long T0 = 1_750_000_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void twoSessionsWithAThirtySecondHoleShowTheGapAndADiscontinuity() throws Exception {
        TestClip clip = TestClip.get(12, 25, true);
        FileSystemObjectStore store = new FileSystemObjectStore(dir.resolve("store"));
        long second = T0 + 42_000_000; // 12 s of recording, then 30 s without
        Sessions.record(dir, store, "sessgapa", clip.frames(), clip, T0, Duration.ofSeconds(4));
        Sessions.record(dir, store, "sessgapb", clip.frames(), clip, second, Duration.ofSeconds(4));

        Timeline t = index(store)
                .timeline(
                        TestClip.CAMERA, Instant.ofEpochMilli(T0 / 1000), Instant.ofEpochMilli(second / 1000 + 12_000));
        assertThat(t.segments()).hasSize(12);
        assertThat(t.gaps()).hasSize(1);
        Timeline.Gap gap = t.gaps().get(0);
        assertThat(gap.reason()).isEqualTo(GapReason.NO_RECORDING);
        assertThat(gap.endMicros() - gap.startMicros()).isBetween(29_900_000L, 30_100_000L);
        assertThat(t.segments().stream().filter(Timeline.Segment::discontinuity))
                .hasSize(1);
        assertThat(t.overlaps(100_000)).isEmpty();

        String playlist = HlsPlaylist.write(t, (k, o, l) -> "/o/" + k);
        assertThat(playlist.lines().filter(l -> l.equals("#EXT-X-DISCONTINUITY")))
                .hasSize(1);
        List<Long> played = playAndReadMarkers(store, t);
        List<Long> expected =
                new ArrayList<>(LongStream.range(0, clip.videoCount()).boxed().toList());
        expected.addAll(LongStream.range(0, clip.videoCount()).boxed().toList());
        assertThat(played).containsExactlyElementsOf(expected);
    }

    @Test
    void overlappingSessionsWithAlignedFragmentsPlayEveryFrameExactlyOnce() throws Exception {
        TestClip clip = TestClip.get(12, 25, true);
        int keyAt4s = keyframeIndex(clip, 4);
        assertThat(keyAt4s).isEqualTo(100);
        FileSystemObjectStore store = new FileSystemObjectStore(dir.resolve("store"));
        // Old node: frames 0..199 (0–8 s). New node joins at 4 s and records to the end, 7 ms clock skew.
        Timeline t = oldAndNewSession(store, clip, "sessolda", "sessnewb", keyAt4s);
        assertThat(t.overlaps(100_000)).as("the overlap stays visible").isNotEmpty();
        assertThat(t.gaps()).isEmpty();
        assertBothSessionsPlayEveryFrameOnce(store, clip, t);
    }

    @Test
    void aSessionJoiningBetweenFragmentBoundariesCutsOnTheSameGridAndEveryFramePlaysOnce() throws Exception {
        TestClip clip = TestClip.get(12, 25, true);
        int keyAt5s = keyframeIndex(clip, 5);
        FileSystemObjectStore store = new FileSystemObjectStore(dir.resolve("store"));
        // The new node's session starts at 5 s, inside the old one's 4–6 s fragment (1 s GOP, 2 s fragments): both
        // cut at the first keyframe of each 2 s wall-clock cell, so from 6 s their fragments line up.
        Timeline t = oldAndNewSession(store, clip, "sessoldc", "sessnewd", keyAt5s);
        assertThat(t.gaps()).isEmpty();
        assertBothSessionsPlayEveryFrameOnce(store, clip, t);
    }

    static CameraIndex index(FileSystemObjectStore store) {
        return new CameraIndex(store, Sessions.PREFIX, CameraIndex.Config.defaults());
    }

    static int keyframeIndex(TestClip clip, int second) {
        var video = clip.video();
        for (int i = 0; i < video.size(); i++) {
            if (video.get(i).keyframe() && video.get(i).dts() >= second * 90000L - 7200) {
                return i;
            }
        }
        throw new AssertionError("no keyframe at " + second + " s");
    }

    /** Both sessions are in the timeline, no time plays twice, and playing it shows every frame of the clip once. */
    void assertBothSessionsPlayEveryFrameOnce(FileSystemObjectStore store, TestClip clip, Timeline t) throws Exception {
        assertThat(t.segments().stream().map(s -> s.object().key().sessionId()).distinct())
                .hasSize(2);
        assertNoTimePlayedTwice(t);
        assertThat(playAndReadMarkers(store, t))
                .containsExactlyElementsOf(
                        LongStream.range(0, clip.videoCount()).boxed().toList());
    }

    static void assertNoTimePlayedTwice(Timeline t) {
        long end = 0;
        for (Timeline.Entry e : t.entries()) {
            assertThat(e.startMicros()).isGreaterThanOrEqualTo(end - 100_000);
            end = e.endMicros();
        }
    }

    /**
     * Records an old node's session (frames 0..199, 0–8 s) and a new node's session from frame {@code joinAt} to the
     * end with 7 ms of clock skew, and returns the timeline of the first 12 s.
     */
    Timeline oldAndNewSession(FileSystemObjectStore store, TestClip clip, String oldId, String newId, int joinAt)
            throws Exception {
        Sessions.record(dir, store, oldId, Sessions.slice(clip, 0, 200), clip, T0, Duration.ofSeconds(4));
        Sessions.record(
                dir,
                store,
                newId,
                Sessions.slice(clip, joinAt, clip.videoCount()),
                clip,
                T0 + 7_000,
                Duration.ofSeconds(4));
        return index(store)
                .timeline(TestClip.CAMERA, Instant.ofEpochMilli(T0 / 1000), Instant.ofEpochMilli(T0 / 1000 + 12_000));
    }

    List<Long> playAndReadMarkers(FileSystemObjectStore store, Timeline t) throws Exception {
        try (RangeHttpServer http = new RangeHttpServer(store)) {
            String url = http.publish("/t.m3u8", HlsPlaylist.write(t, (k, o, l) -> http.objectUrl(k)));
            return Markers.inVideoOf(dir, url);
        }
    }
}
