package io.zonecam.recording.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zonecam.contracts.recording.RetentionClass;
import io.zonecam.recording.Recorder;
import io.zonecam.recording.RecorderConfig;
import io.zonecam.recording.RecordingHealth;
import io.zonecam.recording.RecordingMetrics;
import io.zonecam.recording.RecordingTarget;
import io.zonecam.recording.Spool;
import io.zonecam.recording.Uploader;
import io.zonecam.recording.index.Timeline;
import io.zonecam.recording.store.ObjectStore;
import io.zonecam.recording.testing.S3Server;
import io.zonecam.recording.testing.TestClip;
import io.zonecam.testing.Await;
import io.zonecam.testing.Ffmpeg;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault: the spool disk fills up. Here it fills the natural way, with recordings piling up while the object store is
 * down, on a 4 MiB tmpfs. Recording must not fail or stop: the fragments that find no room are lost, counted
 * ({@link RecordingMetrics#framesLost()}) and visible as one gap per camera in the timeline, everything recorded
 * before stays intact, and recording resumes on its own once the store is back and the uploads free the disk.
 *
 * <p>Needs root to mount the tmpfs (skipped otherwise); frames are pushed faster than real time, so the test takes a
 * few seconds.
 */
class SpoolDiskFullTest {

    static final String PREFIX = "zones/full/";
    /** Media pushed while the disk stays full after the first lost fragment. */
    static final int FULL_SECONDS = 10;

    static final int FPS = 25;

    @TempDir
    Path dir;

    Path mount;
    boolean mounted;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        assumeTrue(Ffmpeg.available(), "ffmpeg/ffprobe not installed");
        mount = Files.createDirectories(dir.resolve("small-disk"));
        Process p = new ProcessBuilder(
                        "mount", "-t", "tmpfs", "-o", "size=4m,mode=0700", "zonecam-faults", mount.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        mounted = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        assumeTrue(mounted, "cannot mount a 4 MiB tmpfs (needs root): " + out);
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            Process p = new ProcessBuilder("umount", "-l", mount.toString())
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            p.waitFor(20, TimeUnit.SECONDS);
        }
    }

    /** One camera: its frames and its recorder. */
    record Camera(LoopedCamera frames, Recorder recorder) {
        long mediaMicros() {
            return frames.videoFrames() * 40_000L;
        }
    }

    @Test
    void aFullSpoolLosesABoundedReportedStretchAndRecordingResumesWhenSpaceReturns() throws Exception {
        TestClip clip = TestClip.get(12, 25, true);
        long anchor = System.currentTimeMillis() * 1000;
        Instant from = Instant.ofEpochMilli(anchor / 1000 - 1000);
        try (S3Server s3 = new S3Server();
                ObjectStore store = s3.store()) {
            RecordingMetrics metrics = new RecordingMetrics();
            List<Camera> cameras = new ArrayList<>();
            // What the node would report to the control plane as recording.gap.begun/ended.
            List<String> heard = java.util.Collections.synchronizedList(new ArrayList<>());
            RecordingHealth health = new RecordingHealth() {
                @Override
                public void failed(String cameraId, Instant at, String detail) {
                    heard.add(cameraId + " failed " + detail + " " + (at.toEpochMilli() * 1000));
                }

                @Override
                public void resumed(String cameraId, Instant at) {
                    heard.add(cameraId + " resumed " + (at.toEpochMilli() * 1000));
                }
            };
            long[] fullFrom = new long[2];
            long[] fullTo = new long[2];
            try (Spool spool = Spool.open(mount.resolve("spool"), metrics)) {
                Uploader uploader = new Uploader(
                        spool, store, new Uploader.Config(2, Duration.ofMillis(50), Duration.ofSeconds(1), 1000));
                uploader.start();
                RecorderConfig config = RecorderConfig.defaults().withObjectDuration(Duration.ofSeconds(6));
                for (String id : List.of("cam-a", "cam-b")) {
                    cameras.add(new Camera(
                            new LoopedCamera(clip),
                            new Recorder(
                                    spool,
                                    config,
                                    new RecordingTarget(PREFIX, RetentionClass.R7, id, RecordingTarget.newSessionId()),
                                    clip.tracks(),
                                    anchor,
                                    health)));
                }
                pushUntil(cameras, 8_000_000);
                assertThat(uploader.awaitIdle(Duration.ofSeconds(30))).isTrue();

                // The store goes down; recordings pile up in the spool until the disk is full.
                s3.stop();
                long limit = 1_200_000_000; // 20 minutes of media: far more than 4 MiB holds
                while (metrics.fragmentWriteFailures() == 0) {
                    assertThat(cameras.get(0).mediaMicros())
                            .as("the 4 MiB disk fills")
                            .isLessThan(limit);
                    pushUntil(cameras, cameras.get(0).mediaMicros() + 40_000);
                }
                for (int i = 0; i < 2; i++) {
                    fullFrom[i] = cameras.get(i).frames().videoFrames();
                }
                pushUntil(cameras, cameras.get(0).mediaMicros() + FULL_SECONDS * 1_000_000L);

                // The store returns; the uploads empty the spool and give the space back.
                s3.restart();
                Await.until("the spool backlog uploaded", Duration.ofSeconds(60), () -> spool.readyCount() == 0);
                for (int i = 0; i < 2; i++) {
                    fullTo[i] = cameras.get(i).frames().videoFrames();
                }
                long failuresWhenBack = metrics.fragmentWriteFailures();
                pushUntil(cameras, cameras.get(0).mediaMicros() + 10_000_000);
                assertThat(metrics.fragmentWriteFailures())
                        .as("recording resumed once there was room")
                        .isEqualTo(failuresWhenBack);
                for (Camera c : cameras) {
                    c.recorder().close();
                }
                assertThat(uploader.awaitIdle(Duration.ofSeconds(60))).isTrue();
                uploader.close();
                assertThat(spool.bytes()).isZero();
            }

            Instant to = Instant.ofEpochMilli(anchor / 1000 + cameras.get(0).mediaMicros() / 1000 + 1000);
            long lostTotal = 0;
            StringBuilder report = new StringBuilder();
            for (int i = 0; i < 2; i++) {
                Camera c = cameras.get(i);
                String id = c.recorder().target().cameraId();
                Timeline t = Recordings.timeline(store, PREFIX, id, from, to);
                List<Long> expected = c.frames().expected(c.frames().videoFrames());
                List<Long> played = Recordings.played(store, t);
                int lost = expected.size() - played.size();
                // Everything before and after one contiguous stretch plays, in order, exactly once.
                int head = 0;
                while (head < played.size() && played.get(head).equals(expected.get(head))) {
                    head++;
                }
                assertThat(played.subList(head, played.size()))
                        .as(id + ": one contiguous stretch is missing, the rest plays")
                        .containsExactlyElementsOf(expected.subList(head + lost, expected.size()));
                assertThat(lost).as(id + " lost frames").isPositive();
                long window = fullTo[i] - fullFrom[i];
                // The fragment being cut when the disk filled holds up to ~2 s before it, and one GOP of slack.
                assertThat((long) lost)
                        .as(id + " loss bounded by the full window (" + window + " frames) + one fragment")
                        .isLessThanOrEqualTo(window + 3L * FPS);
                assertThat(head)
                        .as(id + " frames before the disk filled are kept")
                        .isGreaterThanOrEqualTo((int) (fullFrom[i] - 3L * FPS));
                // The loss is visible in the timeline: one hole of exactly the lost frames' duration.
                List<Timeline.Gap> gaps = Recordings.innerGaps(t);
                assertThat(gaps).as(id + " timeline shows the hole").hasSize(1);
                long gapMicros = gaps.get(0).endMicros() - gaps.get(0).startMicros();
                assertThat(gapMicros).isBetween(lost * 40_000L - 100_000, lost * 40_000L + 100_000);
                assertThat(Recordings.disorder(t)).isEmpty();
                // The recorder told of the hole once, as a disk-full failure and its end, at the hole's edges.
                List<String[]> told = heard.stream()
                        .filter(h -> h.startsWith(id + " "))
                        .map(h -> h.split(" "))
                        .toList();
                assertThat(told)
                        .extracting(h -> h[1] + (h.length == 4 ? " " + h[2] : ""))
                        .as(id + " failures heard")
                        .containsExactly("failed disk-full", "resumed");
                assertThat(Long.parseLong(told.get(0)[3]))
                        .as(id + " failure at the hole's start")
                        .isBetween(
                                gaps.get(0).startMicros() - 100_000, gaps.get(0).startMicros() + 100_000);
                assertThat(Long.parseLong(told.get(1)[2]))
                        .as(id + " recovery at the hole's end")
                        .isBetween(
                                gaps.get(0).endMicros() - 100_000, gaps.get(0).endMicros() + 100_000);
                assertThat(c.recorder().stats().framesLost())
                        .as(id + " reports its loss")
                        .isEqualTo(lost);
                lostTotal += lost;
                report.append(String.format(
                        " %s lost %d frames (%.2f s) over a %.2f s full window;",
                        id, lost, lost / (double) FPS, window / (double) FPS));
            }
            assertThat(metrics.framesLost())
                    .as("the node reports exactly what is missing")
                    .isEqualTo(lostTotal);
            System.out.printf(
                    "FAULT spool-disk-full: 4 MiB spool filled during a store outage;%s reported %d frames lost in %d"
                            + " failed fragment writes; recording resumed when the uploads freed the disk%n",
                    report, metrics.framesLost(), metrics.fragmentWriteFailures());
        }
    }

    /** Pushes frames of every camera, interleaved by media time, until each has reached {@code micros}. */
    static void pushUntil(List<Camera> cameras, long micros) {
        boolean more = true;
        while (more) {
            more = false;
            for (Camera c : cameras) {
                long target = Math.min(micros, cameras.get(0).mediaMicros() + 40_000);
                while (c.mediaMicros() < target) {
                    c.recorder().push(c.frames().next());
                }
                if (c.mediaMicros() < micros) {
                    more = true;
                }
            }
        }
    }
}
