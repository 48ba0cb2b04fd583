package io.zonecam.recording;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.contracts.recording.RetentionClass;
import io.zonecam.recording.store.ObjectInfo;
import io.zonecam.recording.store.ObjectStore;
import io.zonecam.recording.testing.Markers;
import io.zonecam.recording.testing.S3Server;
import io.zonecam.recording.testing.TestClip;
import io.zonecam.testing.Await;
import io.zonecam.testing.NeedsFfmpeg;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The uploader rides out an object-store outage: retries with backoff, shows the lag, loses nothing. */
class UploaderTest {

    static final long ANCHOR = 1_750_000_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void moreReadyObjectsThanTheInMemoryBoundAreAllUploadedByRescanning() throws Exception {
        Path spoolDir = dir.resolve("spool");
        java.nio.file.Files.createDirectories(spoolDir.resolve("ready"));
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            RecordingKey k = new RecordingKey(
                    "zones/q/",
                    RetentionClass.R7,
                    "cam-q",
                    1_750_000_000_000L + i * 60_000L,
                    1_750_000_060_000L + i * 60_000L,
                    "sessq");
            java.nio.file.Files.write(spoolDir.resolve("ready").resolve(k.fileName()), new byte[] {(byte) i});
            keys.add(k.key());
        }
        io.zonecam.recording.store.FileSystemObjectStore store =
                new io.zonecam.recording.store.FileSystemObjectStore(dir.resolve("store"));
        RecordingMetrics metrics = new RecordingMetrics();
        try (Spool spool = Spool.open(spoolDir, metrics)) {
            assertThat(spool.readyCount()).isEqualTo(7);
            Uploader uploader =
                    new Uploader(spool, store, new Uploader.Config(1, Duration.ofMillis(10), Duration.ofMillis(50), 2));
            uploader.start();
            assertThat(uploader.awaitIdle(Duration.ofSeconds(20))).isTrue();
            uploader.close();
        }
        assertThat(metrics.uploadsOk()).isEqualTo(7);
        assertThat(store.list("zones/q/", null, 1000).objects())
                .extracting(ObjectInfo::key)
                .containsExactlyElementsOf(keys);
    }

    @Test
    @NeedsFfmpeg
    void storeDownThenBackRetriesUntilEveryObjectIsStoredOnce() throws Exception {
        TestClip clip = TestClip.get(12, 25, true);
        try (S3Server s3 = new S3Server();
                ObjectStore store = s3.store()) {
            RecordingMetrics metrics = new RecordingMetrics();
            try (Spool spool = Spool.open(dir.resolve("spool"), metrics)) {
                Uploader uploader = new Uploader(
                        spool, store, new Uploader.Config(2, Duration.ofMillis(20), Duration.ofMillis(200), 1000));
                List<RecordingKey> uploaded = new CopyOnWriteArrayList<>();
                uploader.onUploaded(uploaded::add);
                uploader.start();
                s3.stop();

                Recorder r = new Recorder(
                        spool,
                        RecorderConfig.defaults().withObjectDuration(Duration.ofSeconds(4)),
                        new RecordingTarget("zones/up/", RetentionClass.R90, TestClip.CAMERA, "sessup"),
                        clip.tracks(),
                        ANCHOR);
                clip.frames().forEach(r::push);
                r.close();

                Await.until(
                        "failed attempts on every object",
                        Duration.ofSeconds(30),
                        () -> metrics.uploadsFailed() >= 6 && metrics.uploadsRetried() >= 6);
                assertThat(uploader.pending()).isEqualTo(3);
                assertThat(spool.bytes()).isPositive();
                Await.until("lag to show", Duration.ofSeconds(5), () -> uploader.lagSeconds() > 0.05);
                assertThat(metrics.uploadsOk()).isZero();
                assertThat(spool.scanReady()).hasSize(3);

                s3.restart();
                assertThat(uploader.awaitIdle(Duration.ofSeconds(30))).isTrue();
                uploader.close();
                assertThat(metrics.uploadsOk()).isEqualTo(3);
                assertThat(uploaded).hasSize(3);
                assertThat(uploader.lagSeconds()).isZero();
                assertThat(spool.bytes()).isZero();
                assertThat(spool.scanReady()).isEmpty();
            }
            List<ObjectInfo> stored = store.list("zones/up/", null, 1000).objects();
            assertThat(stored).hasSize(3);
            List<Long> markers = new ArrayList<>();
            for (ObjectInfo o : stored) {
                markers.addAll(Markers.inObject(store.read(o.key(), 0, (int) o.size())));
            }
            assertThat(markers)
                    .containsExactlyElementsOf(
                            LongStream.range(0, clip.videoCount()).boxed().toList());
        }
    }
}
