package io.zonecam.recording.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.contracts.recording.RetentionClass;
import io.zonecam.recording.Recorder;
import io.zonecam.recording.RecorderConfig;
import io.zonecam.recording.RecordingMetrics;
import io.zonecam.recording.RecordingTarget;
import io.zonecam.recording.Spool;
import io.zonecam.recording.Uploader;
import io.zonecam.recording.index.Timeline;
import io.zonecam.recording.store.ObjectStore;
import io.zonecam.recording.testing.S3Server;
import io.zonecam.recording.testing.TestClip;
import io.zonecam.testing.Await;
import io.zonecam.testing.NeedsFfmpeg;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault: the object store is down while cameras record in real time. The recorders keep writing to the spool, the
 * uploader retries with the production backoff (500 ms doubling to 60 s), and once the store is back the backlog is
 * uploaded and every frame plays back exactly once, with no gap in the timeline.
 *
 * <p>The outage lasts {@code zonecam.faults.store-outage} (ISO-8601, default {@code PT30S} so the build stays short;
 * {@code -Dzonecam.faults.store-outage=PT10M} runs the full ten minutes, see the README's Reliability section).
 */
class ObjectStoreOutageTest {

    static final Duration OUTAGE = Duration.parse(System.getProperty("zonecam.faults.store-outage", "PT30S"));
    static final String PREFIX = "zones/faults/";

    @TempDir
    Path dir;

    @Test
    @NeedsFfmpeg
    void camerasRecordThroughAnObjectStoreOutageAndTheBacklogUploadsWithoutLosingAFrame() throws Exception {
        TestClip clip = TestClip.get(12, 25, true);
        Instant from = Instant.now().minusSeconds(1);
        try (S3Server s3 = new S3Server();
                ObjectStore store = s3.store()) {
            RecordingMetrics metrics = new RecordingMetrics();
            Set<String> finalized = ConcurrentHashMap.newKeySet();
            Set<String> uploaded = ConcurrentHashMap.newKeySet();
            List<PacedCamera> cameras = new ArrayList<>();
            Duration catchUp;
            int maxPending;
            long failedAttempts;
            double lag;
            try (Spool spool = Spool.open(dir.resolve("spool"), metrics)) {
                spool.onReady(r -> finalized.add(r.key().key()));
                Uploader uploader = new Uploader(spool, store, Uploader.Config.defaults());
                uploader.onUploaded(k -> uploaded.add(k.key()));
                uploader.start();
                RecorderConfig config = RecorderConfig.defaults().withObjectDuration(Duration.ofSeconds(6));
                for (String camera : List.of("cam-a", "cam-b")) {
                    cameras.add(new PacedCamera(
                            clip,
                            new Recorder(
                                    spool,
                                    config,
                                    new RecordingTarget(
                                            PREFIX, RetentionClass.R7, camera, RecordingTarget.newSessionId()),
                                    clip.tracks(),
                                    System.currentTimeMillis() * 1000)));
                }
                Await.until("an object of each camera stored", Duration.ofSeconds(30), () -> uploaded.size() >= 2);

                s3.stop();
                long downAt = System.nanoTime();
                long failuresAtStop = metrics.uploadsFailed();
                Await.until(
                        "an upload to fail", Duration.ofSeconds(20), () -> metrics.uploadsFailed() > failuresAtStop);
                long storedBefore = metrics.uploadsOk();
                Await.until("the outage to last " + OUTAGE, OUTAGE.plusSeconds(30), () -> {
                    assertThat(metrics.fragmentWriteFailures()).isZero();
                    return System.nanoTime() - downAt >= OUTAGE.toNanos();
                });
                assertThat(metrics.uploadsOk())
                        .as("nothing stored while the store is down")
                        .isEqualTo(storedBefore);
                assertThat(metrics.uploadsFailed()).isPositive();
                Set<String> backlog = new HashSet<>(finalized);
                backlog.removeAll(uploaded);
                maxPending = uploader.pending();
                // Objects of 6 s finalized during the outage wait in the spool, two cameras.
                assertThat(backlog).hasSizeGreaterThanOrEqualTo((int) (OUTAGE.toSeconds() / 6) * 2 - 2);
                assertThat(spool.bytes()).isPositive();
                lag = uploader.lagSeconds();
                assertThat(lag).isGreaterThan(OUTAGE.toSeconds() - 8.0);

                s3.restart();
                long upAt = System.nanoTime();
                Await.until("the backlog to be uploaded", Duration.ofSeconds(90), () -> uploaded.containsAll(backlog));
                catchUp = Duration.ofNanos(System.nanoTime() - upAt);
                // The first success retries every waiting object at once instead of after its backoff (up to 60 s).
                assertThat(catchUp).isLessThan(Duration.ofSeconds(30));
                failedAttempts = metrics.uploadsFailed();
                // Recording goes on normally afterwards: a new object of each camera is stored.
                Set<String> after = new HashSet<>(uploaded);
                Await.until("new objects stored after the outage", Duration.ofSeconds(30), () -> {
                    Set<String> fresh = new HashSet<>(uploaded);
                    fresh.removeAll(after);
                    return fresh.stream().map(k -> k.split("/")[3]).distinct().count() == 2;
                });
                for (PacedCamera c : cameras) {
                    c.close();
                }
                assertThat(uploader.awaitIdle(Duration.ofSeconds(90))).isTrue();
                uploader.close();
                assertThat(spool.bytes()).isZero();
                assertThat(metrics.fragmentWriteFailures()).isZero();
            }
            Instant to = Instant.now().plusSeconds(1);
            long lost = 0;
            long frames = 0;
            for (PacedCamera c : cameras) {
                String camera = c.recorder().target().cameraId();
                Timeline t = Recordings.timeline(store, PREFIX, camera, from, to);
                assertThat(Recordings.innerGaps(t))
                        .as(camera + " timeline has no hole")
                        .isEmpty();
                assertThat(t.overlaps(1_000)).isEmpty();
                assertThat(Recordings.disorder(t)).isEmpty();
                List<Long> played = Recordings.played(store, t);
                List<Long> expected = c.expected();
                assertThat(played)
                        .as(camera + " plays every frame once, in order")
                        .containsExactlyElementsOf(expected);
                lost += expected.size() - played.size();
                frames += expected.size();
            }
            System.out.printf(
                    "FAULT object-store-down: outage %d s, 2 cameras, %d frames recorded, %d lost; %d objects"
                            + " waited in the spool (lag %.0f s), %d failed upload attempts; backlog stored %.1f s"
                            + " after the store returned%n",
                    OUTAGE.toSeconds(), frames, lost, maxPending, lag, failedAttempts, catchUp.toMillis() / 1000.0);
        }
    }
}
