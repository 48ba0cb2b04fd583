package io.zonecam.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonecam.contracts.recording.RetentionClass;
import io.zonecam.media.frame.MediaFrame;
import io.zonecam.recording.store.ObjectInfo;
import io.zonecam.recording.store.ObjectStore;
import io.zonecam.recording.testing.Markers;
import io.zonecam.recording.testing.S3Server;
import io.zonecam.recording.testing.TestClip;
import io.zonecam.testing.Ffmpeg;
import io.zonecam.testing.NeedsFfmpeg;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node killed mid-object loses nothing it fsynced: after a restart, recovery finalizes the open object without
 * its torn tail, and every recorded fragment reaches the store exactly once.
 */
@NeedsFfmpeg
class SpoolRecoveryTest {

    static final long ANCHOR = 1_750_000_000_000_000L;
    static S3Server s3;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        s3 = new S3Server();
    }

    @AfterAll
    static void stop() throws Exception {
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void crashMidObjectWithATornFragmentUploadsEveryFsyncedFragmentExactlyOnce() throws Exception {
        TestClip clip = TestClip.get(12, 25, true);
        Path spoolDir = dir.resolve("spool");
        String prefix = "zones/crash/";
        long recorded;
        RecordingTarget target = new RecordingTarget(prefix, RetentionClass.R7, TestClip.CAMERA, "sesscrash");
        try (ObjectStore store = s3.store()) {
            // Before the crash: 7 s pushed, 4 s objects. Object 1 (0–4 s) is finalized; object 2 has the 4–6 s
            // fragment fsynced; the frames after 6 s are still in the fragmenter and die with the process.
            Spool before = Spool.open(spoolDir, new RecordingMetrics());
            Recorder r = new Recorder(
                    before,
                    RecorderConfig.defaults().withObjectDuration(Duration.ofSeconds(4)),
                    target,
                    clip.tracks(),
                    ANCHOR);
            for (MediaFrame f : clip.frames()) {
                if (f.dts() * 1_000_000L / (f.trackId() == 1 ? 90000 : 48000) < 7_000_000) {
                    r.push(f);
                }
            }
            recorded = r.stats().framesRecorded();
            assertThat(recorded).isEqualTo(150);
            List<ReadyObject> finalized = before.scanReady();
            assertThat(finalized).hasSize(1);
            // The crash also hit between a PUT and the local delete of object 1: it is in the store and in ready/.
            store.put(finalized.get(0).key().key(), finalized.get(0).file(), ObjectStore.MP4);
            assertThatThrownBy(() -> Spool.open(spoolDir, new RecordingMetrics()))
                    .as("one process per spool")
                    .isInstanceOf(IOException.class);
            before.close(); // releases the lock without finalizing, as process death would

            Path part = onlyFile(spoolDir.resolve("open"));
            long fsynced = Files.size(part);
            byte[] tornFragment = tornTail(part);
            try (FileChannel ch = FileChannel.open(part, StandardOpenOption.APPEND)) {
                ch.write(ByteBuffer.wrap(tornFragment));
            }

            // Restart.
            RecordingMetrics metrics = new RecordingMetrics();
            try (Spool after = Spool.open(spoolDir, metrics)) {
                assertThat(metrics.objectsRecovered()).isEqualTo(1);
                assertThat(metrics.fragmentsRecovered()).isEqualTo(1);
                assertThat(metrics.tornBytesDiscarded()).isEqualTo(tornFragment.length);
                assertThat(after.readyCount()).isEqualTo(2);
                assertThat(Files.list(spoolDir.resolve("open")).count()).isZero();
                ReadyObject recovered = after.scanReady().stream()
                        .filter(o -> !o.key().equals(finalized.get(0).key()))
                        .findFirst()
                        .orElseThrow();
                assertThat(recovered.size()).isEqualTo(fsynced);
                assertThat(recovered.key().durationMillis()).isEqualTo(2000);

                Uploader uploader = new Uploader(after, store, Uploader.Config.defaults());
                uploader.start();
                assertThat(uploader.awaitIdle(Duration.ofSeconds(30))).isTrue();
                uploader.close();
                assertThat(metrics.uploadsOk()).isEqualTo(2);
            }

            List<ObjectInfo> stored = store.list(prefix, null, 1000).objects();
            assertThat(stored).hasSize(2);
            List<Long> markers = new ArrayList<>();
            for (ObjectInfo o : stored) {
                byte[] bytes = store.read(o.key(), 0, (int) o.size());
                markers.addAll(Markers.inObject(bytes));
                Path local = dir.resolve("check.mp4");
                Files.write(local, bytes);
                assertThat(Ffmpeg.videoFrames(dir, local.toString()))
                        .isEqualTo(Markers.inObject(bytes).size());
            }
            markers.sort(null);
            assertThat(markers)
                    .containsExactlyElementsOf(
                            LongStream.range(0, recorded).boxed().toList());
        }
    }

    @Test
    void zeroFilledTailAfterPowerLossIsCutAndAnEmptyObjectIsDropped() throws Exception {
        TestClip clip = TestClip.get(12, 25, true);
        Path spoolDir = dir.resolve("spool2");
        RecordingTarget target = new RecordingTarget("zones/crash/", RetentionClass.R7, TestClip.CAMERA, "sesszero");
        Spool before = Spool.open(spoolDir, new RecordingMetrics());
        Recorder r = new Recorder(before, RecorderConfig.defaults(), target, clip.tracks(), ANCHOR);
        for (MediaFrame f : clip.frames().subList(0, 200)) {
            r.push(f);
        }
        before.close();
        Path part = onlyFile(spoolDir.resolve("open"));
        long good = Files.size(part);
        int headerLength = (int) (good - fragmentsBytes(part));
        // A moof header whose size fits, followed by zeros: what a file system may show for unsynced blocks.
        byte[] copy = tornTail(part);
        byte[] zeros = new byte[copy.length];
        System.arraycopy(copy, 0, zeros, 0, 8);
        try (FileChannel ch = FileChannel.open(part, StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.wrap(zeros));
        }
        // And an object that crashed before its first fragment: init and reservation only.
        Path empty = spoolDir.resolve("open")
                .resolve(target.key(1_750_000_100_000L, 1_750_000_100_000L).fileName() + ".part");
        Files.write(empty, Arrays.copyOf(Files.readAllBytes(part), headerLength));

        RecordingMetrics metrics = new RecordingMetrics();
        try (Spool after = Spool.open(spoolDir, metrics)) {
            assertThat(metrics.objectsRecovered()).isEqualTo(1);
            assertThat(after.scanReady()).hasSize(1);
            assertThat(after.scanReady().get(0).size()).isEqualTo(good);
            assertThat(Files.list(spoolDir.resolve("open")).count()).isZero();
            List<Long> markers =
                    Markers.inObject(Files.readAllBytes(after.scanReady().get(0).file()));
            assertThat(new HashSet<>(markers)).hasSize(markers.size());
        }
    }

    private static Path onlyFile(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            s.forEach(files::add);
        }
        assertThat(files).hasSize(1);
        return files.get(0);
    }

    /** The first fragment of a spool file, cut in the middle of its mdat. */
    private static byte[] tornTail(Path part) throws IOException {
        byte[] all = Files.readAllBytes(part);
        int first = (int) (all.length - fragmentsBytes(part));
        int moofSize = ByteBuffer.wrap(all, first, 4).getInt();
        int mdatSize = ByteBuffer.wrap(all, first + moofSize, 4).getInt();
        return Arrays.copyOfRange(all, first, first + moofSize + mdatSize / 2);
    }

    /** Bytes of fragments in a spool file: everything from the first moof on. */
    private static long fragmentsBytes(Path part) throws IOException {
        byte[] all = Files.readAllBytes(part);
        int pos = 0;
        while (pos + 8 <= all.length) {
            int size = ByteBuffer.wrap(all, pos, 4).getInt();
            if (new String(all, pos + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1).equals("moof")) {
                return all.length - pos;
            }
            pos += size;
        }
        throw new AssertionError("no fragment");
    }
}
