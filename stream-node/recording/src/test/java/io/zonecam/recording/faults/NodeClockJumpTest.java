package io.zonecam.recording.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.contracts.recording.RetentionClass;
import io.zonecam.media.frame.MediaFrame;
import io.zonecam.recording.Recorder;
import io.zonecam.recording.RecorderConfig;
import io.zonecam.recording.RecordingMetrics;
import io.zonecam.recording.RecordingTarget;
import io.zonecam.recording.Spool;
import io.zonecam.recording.Uploader;
import io.zonecam.recording.index.Timeline;
import io.zonecam.recording.store.FileSystemObjectStore;
import io.zonecam.recording.testing.Sessions;
import io.zonecam.recording.testing.TestClip;
import io.zonecam.testing.NeedsFfmpeg;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault: the node's clock jumps (an NTP step, a VM restored from a snapshot, a wrong RTC corrected) while a camera
 * records. The recorder reads the clock only to re-anchor after a camera timestamp jump, so the test jumps both: the
 * node clock steps, and at the same moment the camera's timestamps jump too. Whatever the clock does, one session's
 * objects must not overlap or run backwards, and every frame must play exactly once, in capture order.
 */
@NeedsFfmpeg
class NodeClockJumpTest {

    static final long T0 = 1_750_000_000_000_000L;
    static final String PREFIX = "zones/clock/";

    @TempDir
    Path dir;

    @Test
    void theClockSteppingBackWhileTheCameraRestartsItsTimestampsNeitherOverlapsNorHidesFrames() throws Exception {
        // At 8 s the node clock steps back 5 s and the camera restarts its timestamps at 0.
        Timeline t = recordWithJump(-5_000_000, JumpKind.RESTART_AT_ZERO);
        assertThat(t.overlaps(1_000)).as("the session's objects overlap").isEmpty();
        assertThat(Recordings.disorder(t)).isEmpty();
        assertThat(Recordings.innerGaps(t)).isEmpty();
        assertThat(t.segments().stream().filter(Timeline.Segment::discontinuity))
                .as("the jump is a discontinuity")
                .hasSize(1);
    }

    @Test
    void theClockSteppingForwardWhileTheCameraPausesShowsAGapAndKeepsEveryFrame() throws Exception {
        // At 8 s the node clock steps forward one hour and the camera's timestamps jump 20 s (it paused).
        Timeline t = recordWithJump(3_600_000_000L, JumpKind.PAUSE_20_S);
        assertThat(t.overlaps(1_000)).isEmpty();
        assertThat(Recordings.disorder(t)).isEmpty();
        assertThat(Recordings.innerGaps(t)).hasSize(1);
        Timeline.Gap gap = Recordings.innerGaps(t).get(0);
        assertThat(gap.endMicros() - gap.startMicros()).isBetween(3_600_000_000L, 3_630_000_000L);
    }

    @Test
    void theClockJumpingBackAndForthWithoutACameraJumpChangesNothing() throws Exception {
        Timeline t = recordWithJump(-3_600_000_000L, JumpKind.NONE);
        assertThat(t.overlaps(1_000)).isEmpty();
        assertThat(Recordings.disorder(t)).isEmpty();
        assertThat(Recordings.innerGaps(t)).isEmpty();
        assertThat(t.segments().stream().filter(Timeline.Segment::discontinuity))
                .isEmpty();
    }

    enum JumpKind {
        NONE,
        RESTART_AT_ZERO,
        PAUSE_20_S
    }

    /**
     * Records the 12 s clip as one session; the node clock follows the media until the keyframe at 8 s, where it
     * steps by {@code clockStepMicros} and the camera's timestamps jump as {@code kind} says. Returns the timeline
     * of the whole day around it after checking that every frame plays once, in order.
     */
    Timeline recordWithJump(long clockStepMicros, JumpKind kind) throws Exception {
        TestClip clip = TestClip.get(12, 25, true);
        int at = 200; // the keyframe at 8 s
        assertThat(clip.video().get(at).keyframe()).isTrue();
        long atDts = clip.video().get(at).dts();
        long mediaShift = switch (kind) {
            case NONE -> 0;
            case RESTART_AT_ZERO -> -atDts;
            case PAUSE_20_S -> 20 * 90000L;
        };
        AtomicLong clock = new AtomicLong(T0);
        FileSystemObjectStore store = new FileSystemObjectStore(dir.resolve("store"));
        RecordingMetrics metrics = new RecordingMetrics();
        Recorder r;
        try (Spool spool = Spool.open(dir.resolve("spool"), metrics)) {
            Uploader uploader = new Uploader(spool, store, Uploader.Config.defaults());
            uploader.start();
            r = new Recorder(
                    spool,
                    RecorderConfig.defaults()
                            .withObjectDuration(Duration.ofSeconds(4))
                            .withClock(clock::get),
                    new RecordingTarget(PREFIX, RetentionClass.R7, TestClip.CAMERA, "sessclock"),
                    clip.tracks(),
                    T0);
            for (MediaFrame f : Sessions.slice(clip, 0, at)) {
                clock.set(T0 + LoopedCamera.micros(f));
                r.push(f);
            }
            long step = clockStepMicros;
            for (MediaFrame f : Sessions.slice(clip, at, clip.videoCount())) {
                long shift = f.trackId() == 1 ? mediaShift : mediaShift * 48000 / 90000;
                clock.set(T0 + LoopedCamera.micros(f) + step);
                r.push(new MediaFrame(f.trackId(), f.dts() + shift, f.pts() + shift, f.keyframe(), f.data()));
            }
            r.close();
            assertThat(uploader.awaitIdle(Duration.ofSeconds(30))).isTrue();
            uploader.close();
        }
        assertThat(r.stats().jumps()).isEqualTo(kind == JumpKind.NONE ? 0 : 1);
        Timeline t = Recordings.timeline(
                store,
                PREFIX,
                TestClip.CAMERA,
                Instant.ofEpochMilli(T0 / 1000).minus(Duration.ofHours(12)),
                Instant.ofEpochMilli(T0 / 1000).plus(Duration.ofHours(12)));
        List<Long> played = Recordings.played(store, t);
        assertThat(played)
                .as("every frame plays once, in capture order")
                .containsExactlyElementsOf(
                        LongStream.range(0, clip.videoCount()).boxed().toList());
        System.out.printf(
                "FAULT node-clock-jump (%s, clock %+d s): %d of %d frames play in order, %d objects, %d gaps, 0 overlaps%n",
                kind,
                clockStepMicros / 1_000_000,
                played.size(),
                clip.videoCount(),
                t.objects().size(),
                Recordings.innerGaps(t).size());
        return t;
    }
}
