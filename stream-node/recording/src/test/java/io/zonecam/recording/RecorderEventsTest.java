package io.zonecam.recording;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.contracts.recording.RetentionClass;
import io.zonecam.media.frame.Codec;
import io.zonecam.media.frame.MediaFrame;
import io.zonecam.media.frame.TrackInfo;
import io.zonecam.recording.format.ObjectIndex;
import io.zonecam.recording.index.CameraIndex;
import io.zonecam.recording.index.Timeline;
import io.zonecam.recording.store.FileSystemObjectStore;
import io.zonecam.recording.testing.Markers;
import io.zonecam.recording.testing.TestClip;
import io.zonecam.testing.Ffmpeg;
import io.zonecam.testing.NeedsFfmpeg;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Timestamp jumps, parameter-set changes and odd tracks start new objects or are dropped, never corrupt one. */
@NeedsFfmpeg
class RecorderEventsTest {

    static final long ANCHOR = 1_750_000_000_000_000L;

    @TempDir
    Path dir;

    static RecordingTarget target() {
        return new RecordingTarget("zones/ev/", RetentionClass.R7, TestClip.CAMERA, "sessev");
    }

    static List<ReadyObject> byStart(Spool spool) throws Exception {
        List<ReadyObject> ready = new ArrayList<>(spool.scanReady());
        ready.sort(Comparator.comparingLong(o -> o.key().startMillis()));
        return ready;
    }

    @Test
    void aForwardTimestampJumpEndsTheObjectAndTheGapShowsInTheTimeline() throws Exception {
        TestClip clip = TestClip.get(12, 25, true);
        List<MediaFrame> video = clip.video();
        AtomicLong now = new AtomicLong(ANCHOR);
        FileSystemObjectStore store = new FileSystemObjectStore(dir.resolve("store"));
        try (Spool spool = Spool.open(dir.resolve("spool"), new RecordingMetrics())) {
            Recorder r = new Recorder(
                    spool,
                    RecorderConfig.defaults()
                            .withObjectDuration(Duration.ofSeconds(60))
                            .withClock(now::get),
                    target(),
                    List.of(clip.tracks().get(0)),
                    ANCHOR);
            long jump = 60L * 90000; // the camera's clock jumps 60 s ahead after 6 s; 20 s really passed
            for (int i = 0; i < video.size(); i++) {
                MediaFrame f = video.get(i);
                if (i >= 150) {
                    f = new MediaFrame(1, f.dts() + jump, f.pts() + jump, f.keyframe(), f.data());
                    now.set(ANCHOR + 20_000_000 + (i - 150) * 40_000L);
                }
                r.push(f);
            }
            r.close();
            assertThat(r.stats().jumps()).isEqualTo(1);
            assertThat(r.stats().framesRecorded()).isEqualTo(clip.videoCount());
            List<ReadyObject> ready = byStart(spool);
            assertThat(ready).hasSize(2);
            for (ReadyObject o : ready) {
                store.put(o.key().key(), o.file(), "video/mp4");
            }
            assertThat(ready.get(1).key().startMillis() - ready.get(0).key().endMillis())
                    .isBetween(13_900L, 14_100L);
        }
        Timeline t = new CameraIndex(store, "zones/ev/", CameraIndex.Config.defaults())
                .timeline(
                        TestClip.CAMERA,
                        Instant.ofEpochMilli(ANCHOR / 1000),
                        Instant.ofEpochMilli(ANCHOR / 1000 + 26_000));
        assertThat(t.gaps()).hasSize(1);
        assertThat(t.segments().stream().filter(Timeline.Segment::discontinuity))
                .hasSize(1);
    }

    @Test
    void newParameterSetsStartANewObjectWithItsOwnInitAndBothPlay() throws Exception {
        TestClip high = TestClip.get(12, 25, true);
        TestClip main = TestClip.get(4, 25, false);
        List<MediaFrame> frames = new ArrayList<>(high.video().subList(0, 100));
        long offset = 100 * 3600L + 7200; // continue after the High clip (its pts lead by two frames)
        for (MediaFrame f : main.video()) {
            frames.add(new MediaFrame(1, f.dts() + offset, f.pts() + offset, f.keyframe(), f.data()));
        }
        try (Spool spool = Spool.open(dir.resolve("spool"), new RecordingMetrics())) {
            Recorder r = new Recorder(
                    spool,
                    RecorderConfig.defaults(),
                    target(),
                    List.of(high.tracks().get(0)),
                    ANCHOR);
            frames.forEach(r::push);
            r.close();
            assertThat(r.stats().parameterSetChanges()).isEqualTo(1);
            assertThat(r.stats().framesRecorded()).isEqualTo(frames.size());
            List<ReadyObject> ready = byStart(spool);
            assertThat(ready).hasSize(2);
            byte[] first = Files.readAllBytes(ready.get(0).file());
            byte[] second = Files.readAllBytes(ready.get(1).file());
            ObjectIndex a = ObjectIndex.parse(Arrays.copyOf(first, 4096), first.length);
            ObjectIndex b = ObjectIndex.parse(Arrays.copyOf(second, 4096), second.length);
            assertThat(a.sameInit(b)).isFalse();
            for (ReadyObject o : ready) {
                Map<String, String> probe = Ffmpeg.stream(dir, o.file().toString(), "v:0", "profile,nb_read_frames");
                assertThat(probe.get("profile") + "," + probe.get("nb_read_frames"))
                        .isIn("High,100", "Main," + main.videoCount());
            }
        }
    }

    @Test
    void parameterSetsArriveInBandAndG711IsLeftOutCounted() throws Exception {
        TestClip clip = TestClip.get(12, 25, true);
        TrackInfo noSets = TrackInfo.video(1, Codec.H264, 90000, List.of(), 0, 0);
        TrackInfo pcmu = TrackInfo.audio(3, Codec.PCMU, 8000, null, 8000, 1);
        RecordingMetrics metrics = new RecordingMetrics();
        try (Spool spool = Spool.open(dir.resolve("spool"), metrics)) {
            Recorder r = new Recorder(spool, RecorderConfig.defaults(), target(), List.of(noSets, pcmu), ANCHOR);
            for (MediaFrame f : clip.video()) {
                r.push(f);
                r.push(new MediaFrame(3, f.dts() / 90 * 8, f.dts() / 90 * 8, true, new byte[160]));
            }
            r.close();
            assertThat(r.stats().framesRecorded()).isEqualTo(clip.videoCount());
            assertThat(r.stats().framesDropped()).isEqualTo(clip.videoCount());
            assertThat(metrics.framesDropped()).isEqualTo(clip.videoCount());
            ReadyObject o = spool.scanReady().get(0);
            assertThat(Markers.inObject(Files.readAllBytes(o.file()))).hasSize(clip.videoCount());
        }
    }
}
