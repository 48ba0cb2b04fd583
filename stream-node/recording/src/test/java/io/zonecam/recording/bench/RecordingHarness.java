package io.zonecam.recording.bench;

import io.zonecam.contracts.recording.RetentionClass;
import io.zonecam.media.frame.MediaFrame;
import io.zonecam.recording.ReadyObject;
import io.zonecam.recording.Recorder;
import io.zonecam.recording.RecorderConfig;
import io.zonecam.recording.RecordingMetrics;
import io.zonecam.recording.RecordingTarget;
import io.zonecam.recording.Spool;
import io.zonecam.recording.testing.TestClip;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * RecordingHarness measures the recorder: throughput in camera-seconds recorded per CPU-second (fragmenting,
 * fsynced spool writes, finalizing), bytes stored ÷ bytes received, object PUTs per camera-hour, and the steady
 * heap held per recording camera. Run it with {@code main} (see the module README) or from
 * {@code RecorderFootprintTest}.
 */
public final class RecordingHarness {

    private static final Logger LOG = Logger.getLogger(RecordingHarness.class);
    static final long ANCHOR = 1_750_000_000_000_000L;

    /**
     * Throughput is one throughput run.
     *
     * @param cameraSeconds       media seconds recorded
     * @param cpuSeconds          CPU seconds of the recording thread
     * @param wallSeconds         elapsed seconds
     * @param bytesIn             frame payload bytes pushed
     * @param bytesStored         bytes of the finalized objects
     * @param objects             objects finalized
     */
    public record Throughput(
            double cameraSeconds, double cpuSeconds, double wallSeconds, long bytesIn, long bytesStored, long objects) {
        /** Camera-seconds per CPU-second. */
        public double camerasPerCore() {
            return cameraSeconds / cpuSeconds;
        }

        /** Object PUTs per camera-hour. */
        public double putsPerCameraHour() {
            return objects / (cameraSeconds / 3600);
        }

        /** Stored ÷ received. */
        public double overhead() {
            return (double) bytesStored / bytesIn;
        }
    }

    /**
     * Heap is one heap run.
     *
     * @param cameras          cameras recording at once
     * @param maxBytesPerCamera worst retained heap per camera over the samples
     * @param avgBytesPerCamera mean retained heap per camera
     * @param bitsPerSecond    the clip's video bit rate
     */
    public record Heap(int cameras, long maxBytesPerCamera, long avgBytesPerCamera, long bitsPerSecond) {}

    private RecordingHarness() {}

    /** Records {@code cameras} cameras one after the other, each {@code loops} times the clip. */
    public static Throughput throughput(Path dir, TestClip clip, int cameras, int loops, Duration objectDuration)
            throws IOException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        RecordingMetrics metrics = new RecordingMetrics();
        long bytesIn = 0;
        long cpu0 = threads.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        try (Spool spool = Spool.open(dir, metrics)) {
            for (int c = 0; c < cameras; c++) {
                Recorder r = new Recorder(
                        spool,
                        RecorderConfig.defaults()
                                .withObjectDuration(objectDuration)
                                .withClock(() -> ANCHOR),
                        target(c),
                        clip.tracks(),
                        ANCHOR);
                long[] in = {0};
                feed(clip, loops, false, f -> {
                    in[0] += f.data().length;
                    r.push(f);
                });
                r.close();
                bytesIn += in[0];
            }
            long cpu = threads.getCurrentThreadCpuTime() - cpu0;
            long wall = System.nanoTime() - wall0;
            long stored = 0;
            List<ReadyObject> ready = spool.scanReady();
            for (ReadyObject o : ready) {
                stored += o.size();
                Files.delete(o.file());
            }
            double cameraSeconds = cameras * loops * clip.videoCount() / 25.0;
            return new Throughput(cameraSeconds, cpu / 1e9, wall / 1e9, bytesIn, stored, ready.size());
        }
    }

    /**
     * Records {@code cameras} cameras in lockstep with private copies of every frame (as ingest delivers them)
     * and samples the heap after full GCs at {@code samples} points spread over the clip.
     */
    public static Heap heapPerCamera(Path dir, TestClip clip, int cameras, int samples) throws IOException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (Spool spool = Spool.open(dir, new RecordingMetrics())) {
            long baseline = usedAfterGc(memory);
            List<Recorder> recorders = new ArrayList<>();
            for (int c = 0; c < cameras; c++) {
                recorders.add(new Recorder(
                        spool, RecorderConfig.defaults().withClock(() -> ANCHOR), target(c), clip.tracks(), ANCHOR));
            }
            List<MediaFrame> frames = clip.frames();
            int every = Math.max(1, frames.size() / (samples + 1));
            long max = 0;
            long sum = 0;
            int taken = 0;
            for (int i = 0; i < frames.size(); i++) {
                MediaFrame f = frames.get(i);
                for (Recorder r : recorders) {
                    r.push(new MediaFrame(
                            f.trackId(),
                            f.dts(),
                            f.pts(),
                            f.keyframe(),
                            f.data().clone()));
                }
                if (i > every && i % every == 0 && taken < samples) {
                    long perCamera = (usedAfterGc(memory) - baseline) / cameras;
                    max = Math.max(max, perCamera);
                    sum += perCamera;
                    taken++;
                }
            }
            recorders.forEach(Recorder::close);
            for (ReadyObject o : spool.scanReady()) {
                Files.delete(o.file());
            }
            long videoBytes =
                    clip.video().stream().mapToLong(f -> f.data().length).sum();
            return new Heap(cameras, max, taken == 0 ? 0 : sum / taken, videoBytes * 8 * 25 / clip.videoCount());
        }
    }

    /** Feeds the clip {@code loops} times with continuous timestamps (audio kept inside each loop's span). */
    static void feed(TestClip clip, int loops, boolean copy, Consumer<MediaFrame> sink) {
        long videoTicks = clip.videoTicks();
        long audioTicks = videoTicks * 48000 / 90000;
        for (int l = 0; l < loops; l++) {
            for (MediaFrame f : clip.frames()) {
                boolean video = f.trackId() == 1;
                if (!video && f.dts() >= audioTicks) {
                    continue;
                }
                long shift = l * (video ? videoTicks : audioTicks);
                sink.accept(new MediaFrame(
                        f.trackId(),
                        f.dts() + shift,
                        f.pts() + shift,
                        f.keyframe(),
                        copy ? f.data().clone() : f.data()));
            }
        }
    }

    private static RecordingTarget target(int camera) {
        return new RecordingTarget("zones/bench/", RetentionClass.R7, "cam-" + camera, "bench" + camera);
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    /**
     * Runs both measurements on a 720p25 clip at {@code args[0]} kbit/s (default 2000) and logs the figures.
     * Args: kbps, cameras for throughput (default 20), cameras for heap (default 100), spool directory.
     */
    public static void main(String[] args) throws Exception {
        int kbps = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int cameras = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int heapCameras = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        Path dir = args.length > 3 ? Path.of(args[3]) : Files.createTempDirectory("recording-bench");
        TestClip clip = TestClip.get(20, 50, false, "1280x720", kbps);
        throughput(dir.resolve("warmup"), clip, 2, 1, Duration.ofSeconds(60));
        Throughput t = throughput(dir.resolve("throughput"), clip, cameras, 3, Duration.ofSeconds(60));
        Heap h = heapPerCamera(dir.resolve("heap"), clip, heapCameras, 8);
        String report = String.format(
                java.util.Locale.ROOT,
                "recording bench (720p25 at %d kbit/s measured, GOP 2 s, 60 s objects, one thread): %.0f camera-s "
                        + "in %.2f CPU-s = %.0f cameras per core; wall %.2f s (%.2f ms per fsynced fragment); "
                        + "stored/received %.4f; %.1f PUTs per camera-hour; heap per camera (%d cameras): "
                        + "max %d KiB, mean %d KiB",
                h.bitsPerSecond() / 1000,
                t.cameraSeconds(),
                t.cpuSeconds(),
                t.camerasPerCore(),
                t.wallSeconds(),
                t.wallSeconds() * 1000 / (t.cameraSeconds() / 2),
                t.overhead(),
                t.putsPerCameraHour(),
                h.cameras(),
                h.maxBytesPerCamera() >> 10,
                h.avgBytesPerCamera() >> 10);
        LOG.warn(report); // WARN so it shows with the test logging configuration (logback-test.xml)
    }
}
