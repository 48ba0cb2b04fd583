package io.zonecam.node.recording;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zonecam.media.frame.Codec;
import io.zonecam.media.frame.MediaFrame;
import io.zonecam.media.frame.TrackInfo;
import io.zonecam.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A recorder that throws does not end the camera's recording: the session recorder restarts it at the next keyframe,
 * counts the restart and the frames in between, and goes on for the rest of the session.
 */
class SessionRecorderTest {

    static final int FPS = 25;
    static final int GOP = 25;
    static final int TICKS = 90_000 / FPS;
    static final TrackInfo VIDEO = TrackInfo.video(1, Codec.H264, 90_000, List.of(), 320, 240);

    /** FailingRecorder keeps what it is given and throws on the frames numbered in {@code failOn}. */
    static final class FailingRecorder implements FrameRecorder {
        final List<Long> frames = new CopyOnWriteArrayList<>();
        final List<Long> failOn;
        final long anchor;
        volatile boolean closed;

        FailingRecorder(long anchor, List<Long> failOn) {
            this.anchor = anchor;
            this.failOn = failOn;
        }

        @Override
        public void push(MediaFrame frame) {
            long n = frame.dts() / TICKS;
            if (failOn.contains(n)) {
                throw new IllegalStateException("injected recorder failure at frame " + n);
            }
            frames.add(n);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    static MediaFrame frame(long n) {
        return new MediaFrame(1, n * TICKS, n * TICKS, n % GOP == 0, new byte[100]);
    }

    @Test
    void shouldRestartAFailedRecorderAtTheNextKeyframeAndKeepRecordingTheSession() throws Exception {
        List<FailingRecorder> opened = new CopyOnWriteArrayList<>();
        // The first recorder fails at frame 60, the second at frame 130; the third records to the end.
        List<List<Long>> failures = List.of(List.of(60L), List.of(130L), List.of());
        long lostBefore = SessionRecorder.lostInClosedSessions();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Counter restarts = registry.counter("zonecam.recording.restarts");
        SessionRecorder session = new SessionRecorder(
                (tracks, anchor) -> {
                    FailingRecorder r = new FailingRecorder(anchor, failures.get(opened.size()));
                    opened.add(r);
                    return r;
                },
                "cam-failing",
                restarts,
                s -> {});
        session.tracks(List.of(VIDEO));
        for (long n = 0; n < 200; n++) {
            session.frame(frame(n));
        }
        session.ended();
        assertThat(session.awaitClosed(Duration.ofSeconds(10))).isTrue();

        assertThat(opened).hasSize(3).allMatch(r -> r.closed);
        assertThat(restarts.count()).isEqualTo(2.0);
        // Each restarted recorder begins at the keyframe after the failure, on the session's wall-clock anchor.
        assertThat(opened.get(1).frames.get(0)).isEqualTo(75L);
        assertThat(opened.get(2).frames.get(0)).isEqualTo(150L);
        assertThat(opened).extracting(r -> r.anchor).containsOnly(opened.get(0).anchor);
        // Frames 0–59, 75–129 and 150–199 are recorded; the ones in between are lost and counted.
        assertThat(opened.get(0).frames).hasSize(60);
        assertThat(opened.get(1).frames).hasSize(55);
        assertThat(opened.get(2).frames).hasSize(50).last().isEqualTo(199L);
        assertThat(SessionRecorder.lostInClosedSessions() - lostBefore).isEqualTo((75 - 60) + (150 - 130));
    }

    @Test
    void shouldHandFramesToTheRecorderAtVideoKeyframesNotOneByOne() throws Exception {
        List<FailingRecorder> opened = new CopyOnWriteArrayList<>();
        SessionRecorder session = new SessionRecorder(
                (tracks, anchor) -> {
                    FailingRecorder r = new FailingRecorder(anchor, List.of());
                    opened.add(r);
                    return r;
                },
                "cam-batched",
                new SimpleMeterRegistry().counter("restarts"),
                s -> {});
        session.tracks(List.of(VIDEO));
        // Keyframes at 0 and 25: the one at 25 (1 s of media, the anchor window) wakes the thread, which opens the
        // recorder with frames 0..25.
        for (long n = 0; n <= 25; n++) {
            session.frame(frame(n));
        }
        awaitFrames(opened, 26);
        Await.until("the recording thread waits for more", Duration.ofSeconds(10), session::parked);
        // Frames 26..49 are no keyframes, arrive within a second and are few bytes: they wait in the queue, and the
        // recording thread stays parked (a wake-up would have made it runnable before frame() returned).
        for (long n = 26; n < 50; n++) {
            session.frame(frame(n));
        }
        assertThat(session.parked()).isTrue();
        assertThat(opened.get(0).frames).hasSize(26);
        // The next keyframe hands them all over, in order.
        session.frame(frame(50));
        awaitFrames(opened, 51);
        assertThat(opened.get(0).frames)
                .containsExactlyElementsOf(
                        java.util.stream.LongStream.rangeClosed(0, 50).boxed().toList());
        session.frame(frame(51));
        session.ended();
        assertThat(session.awaitClosed(Duration.ofSeconds(10))).isTrue();
        assertThat(opened.get(0).frames).hasSize(52);
        assertThat(opened.get(0).closed).isTrue();
    }

    private static void awaitFrames(List<FailingRecorder> opened, int count) {
        Await.until(
                count + " frames recorded",
                Duration.ofSeconds(10),
                () -> !opened.isEmpty() && opened.get(0).frames.size() >= count);
        assertThat(opened.get(0).frames).hasSize(count);
    }
}
