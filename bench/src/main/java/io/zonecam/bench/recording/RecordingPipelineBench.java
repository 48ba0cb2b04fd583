package io.zonecam.bench.recording;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonecam.bench.node.ProcStats;
import io.zonecam.bench.s3.CountingS3Server;
import io.zonecam.contracts.recording.RetentionClass;
import io.zonecam.media.frame.Codec;
import io.zonecam.media.frame.MediaFrame;
import io.zonecam.media.frame.TrackInfo;
import io.zonecam.media.h264.FrameMarker;
import io.zonecam.recording.Recorder;
import io.zonecam.recording.RecorderConfig;
import io.zonecam.recording.RecordingMetrics;
import io.zonecam.recording.RecordingTarget;
import io.zonecam.recording.Spool;
import io.zonecam.recording.Uploader;
import io.zonecam.recording.store.S3ObjectStore;
import io.zonecam.sim.clip.Clip;
import io.zonecam.sim.clip.ClipGenerator;
import io.zonecam.sim.clip.ClipLoader;
import io.zonecam.sim.clip.ClipSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * RecordingPipelineBench measures the recording pipeline alone, end to end: N cameras recorded at once in real time
 * (25 fps each, the simulator's 720p 2 Mb/s clip, video only, with a frame marker per picture) by the node's {@link Recorder}s
 * into a real fsynced {@link Spool} on this disk, and the real {@link Uploader} putting every object into a
 * {@link CountingS3Server} in another process. Reported: this process's CPU per camera over a steady window (all its
 * threads: recorder, spool, uploader, GC), PUTs per camera-hour and bytes stored ÷ bytes received counted at the
 * store, and the time of the {@code push} calls that closed a fragment (fragment write plus its fsync) as p50/p99.
 * Ingest, live view and HTTP are not included: {@code scripts/bench-node record} measures the whole node.
 *
 * <p>Args: cameras [seconds warmup objectSeconds]; defaults 50, 150, 30, 60. Run from the repository root.
 */
public final class RecordingPipelineBench {

    private RecordingPipelineBench() {}

    public static void main(String[] args) throws Exception {
        int cameras = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 150;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        Duration objectDuration = Duration.ofSeconds(args.length > 3 ? Integer.parseInt(args[3]) : 60);
        Path dir = Files.createTempDirectory("zonecam-recording-bench");
        Clip clip = ClipLoader.load(ClipGenerator.ensure(ClipSpec.defaults(), ClipGenerator.defaultCacheDir()), 1400);
        // Video only: AAC is 3 % of the bytes and would need its own pacing here; the whole-node run records both.
        List<TrackInfo> tracks = List.of(
                TrackInfo.video(1, Codec.H264, 90_000, List.of(clip.sps(), clip.pps()), clip.width(), clip.height()));

        Process s3 = startStore(dir);
        try {
            S3ObjectStore store = S3ObjectStore.create(new S3ObjectStore.Config(
                    "recordings",
                    "us-east-1",
                    URI.create("http://127.0.0.1:" + S3_PORT),
                    true,
                    StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(CountingS3Server.ACCESS_KEY, CountingS3Server.SECRET_KEY)),
                    Duration.ofSeconds(60)));
            RecordingMetrics metrics = new RecordingMetrics();
            try (Spool spool = Spool.open(dir.resolve("spool"), metrics);
                    Uploader uploader = new Uploader(spool, store, Uploader.Config.defaults())) {
                uploader.start();
                long anchor = System.currentTimeMillis() * 1000L;
                List<Recorder> recorders = new ArrayList<>();
                for (int c = 0; c < cameras; c++) {
                    recorders.add(new Recorder(
                            spool,
                            RecorderConfig.defaults().withObjectDuration(objectDuration),
                            new RecordingTarget("zones/bench/", RetentionClass.R7, "cam-" + c, "bench" + c),
                            tracks,
                            anchor));
                }
                Histogram fragmentPush = new Histogram(3);
                long bytesIn = 0;
                long frames = 0;
                double cpu0 = 0;
                long t0 = 0;
                long start = System.nanoTime();
                long frameNanos = 40_000_000L;
                for (long k = 0; k < (long) seconds * 25; k++) {
                    long due = start + k * frameNanos;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    if (k == (long) warmup * 25) {
                        cpu0 = processCpuSeconds();
                        t0 = System.nanoTime();
                    }
                    Clip.VideoFrame v = clip.video().get((int) (k % clip.frameCount()));
                    long loop = k / clip.frameCount();
                    long dts = loop * clip.loopDuration() + v.dts();
                    for (int c = 0; c < cameras; c++) {
                        byte[] au = concat(v.prefix(), v.body());
                        byte[] marked = new FrameMarker("cam-" + c, k, anchor + k * 40_000L).insertInto(au, Codec.H264);
                        long fragments = metrics.fragmentsWritten();
                        long p0 = System.nanoTime();
                        recorders
                                .get(c)
                                .push(new MediaFrame(
                                        1, dts, loop * clip.loopDuration() + v.pts(), v.keyframe(), marked));
                        if (metrics.fragmentsWritten() != fragments) {
                            fragmentPush.recordValue((System.nanoTime() - p0) / 1000);
                        }
                        bytesIn += marked.length;
                        frames++;
                    }
                }
                double cpu = processCpuSeconds() - cpu0;
                double wall = (System.nanoTime() - t0) / 1e9;
                recorders.forEach(Recorder::close);
                uploader.awaitIdle(Duration.ofMinutes(5));
                JsonNode stats = stats();
                double cameraHours = frames / 25.0 / 3600.0;
                long puts =
                        stats.path("puts").asLong() + stats.path("completes").asLong();
                System.out.printf(
                        Locale.ROOT,
                        "recording pipeline: %d cameras for %d s (window %.0f s after %d s)%n",
                        cameras,
                        seconds,
                        wall,
                        warmup);
                System.out.printf(
                        Locale.ROOT, "result recording_cpu_percent_per_camera=%.4f%n", cpu / wall * 100 / cameras);
                System.out.printf(Locale.ROOT, "result recording_cameras_per_core=%.0f%n", cameras / (cpu / wall));
                System.out.printf(Locale.ROOT, "result s3_puts=%d%n", puts);
                System.out.printf(Locale.ROOT, "result s3_puts_per_camera_hour=%.1f%n", puts / cameraHours);
                System.out.printf(
                        Locale.ROOT,
                        "result s3_bytes_stored_per_received=%.4f%n",
                        stats.path("bytesStored").asDouble() / bytesIn);
                System.out.printf(Locale.ROOT, "result fragments=%d%n", metrics.fragmentsWritten());
                System.out.printf(
                        Locale.ROOT, "result fragment_push_p50_ms=%.2f%n", fragmentPush.getValueAtPercentile(50) / 1e3);
                System.out.printf(
                        Locale.ROOT, "result fragment_push_p99_ms=%.2f%n", fragmentPush.getValueAtPercentile(99) / 1e3);
                System.out.printf(Locale.ROOT, "result uploads_failed=%d%n", metrics.uploadsFailed());
                System.out.printf(Locale.ROOT, "result frames_dropped=%d%n", metrics.framesDropped());
            }
        } finally {
            s3.destroy();
            s3.waitFor();
        }
        System.exit(0);
    }

    private static final int S3_PORT = 19_311;
    private static final int STATS_PORT = 19_312;

    private static Process startStore(Path dir) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("java.class.path");
        Process p = new ProcessBuilder(
                        java,
                        "-Xmx512m",
                        "-XX:+UseSerialGC",
                        "-cp",
                        cp,
                        CountingS3Server.class.getName(),
                        dir.resolve("s3").toString(),
                        Integer.toString(S3_PORT),
                        Integer.toString(STATS_PORT))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("s3.log").toFile())
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                stats();
                return p;
            } catch (IOException e) {
                if (System.nanoTime() > deadline || !p.isAlive()) {
                    throw new IllegalStateException("the S3 server did not start; see " + dir.resolve("s3.log"));
                }
                Thread.sleep(200);
            }
        }
    }

    private static JsonNode stats() throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + STATS_PORT + "/stats"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(r.body());
    }

    private static double processCpuSeconds() throws IOException {
        return ProcStats.of(ProcessHandle.current().pid()).cpuSeconds();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
