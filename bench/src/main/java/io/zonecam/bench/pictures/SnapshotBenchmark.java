package io.zonecam.bench.pictures;

import io.zonecam.pictures.decode.AccessUnit;
import io.zonecam.pictures.decode.CodedVideo;
import io.zonecam.pictures.decode.FragmentedMp4;
import io.zonecam.pictures.decode.FrameDecoder;
import io.zonecam.pictures.decode.Picture;
import io.zonecam.pictures.decode.Selection;
import io.zonecam.pictures.image.ImageEncoder;
import io.zonecam.pictures.image.ImageFormat;
import io.zonecam.pictures.image.ImageSize;
import io.zonecam.pictures.thumbs.Thumbnailer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * SnapshotBenchmark measures the pictures module on one core: decoding a snapshot from a recorded 720p25 GOP
 * (x264 High, 3 B-frames, 2 s GOPs, 2 Mb/s, as a camera fragment holds it), at the keyframe alone (thumbnails)
 * and in the middle of the GOP (frame 25 of 50 in presentation order: the average exact snapshot); encoding JPEG
 * and WebP at full, 640 and 160 px; and a whole thumbnail (keyframe → 160 px JPEG).
 *
 * <p>Snapshots per second per core = 1000 / (decode + encode ms). Thumbnail CPU per camera-hour = 360 × thumbnail.
 * Needs the system ffmpeg (libx264) to make the clip. Run:
 * {@code java -jar bench/target/benchmarks.jar SnapshotBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(
        value = 1,
        jvmArgs = {"--enable-native-access=ALL-UNNAMED"})
public class SnapshotBenchmark {

    private final FrameDecoder decoder = new FrameDecoder();
    private final ImageEncoder encoder = new ImageEncoder();
    private final Thumbnailer thumbnailer = Thumbnailer.defaults();
    private CodedVideo gop;
    private AccessUnit keyframe;
    private long middle;
    private Picture picture;

    @Setup(Level.Trial)
    public void setUp() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("snapshot-bench");
        Path clip = dir.resolve("clip.mp4");
        Process p = new ProcessBuilder(
                        "ffmpeg",
                        "-v",
                        "error",
                        "-y",
                        "-f",
                        "lavfi",
                        "-i",
                        "testsrc2=size=1280x720:rate=25,noise=alls=12:allf=t",
                        "-frames:v",
                        "150",
                        "-c:v",
                        "libx264",
                        "-preset",
                        "veryfast",
                        "-profile:v",
                        "high",
                        "-bf",
                        "3",
                        "-g",
                        "50",
                        "-keyint_min",
                        "50",
                        "-sc_threshold",
                        "0",
                        "-b:v",
                        "2000k",
                        "-maxrate",
                        "2000k",
                        "-bufsize",
                        "4000k",
                        "-pix_fmt",
                        "yuv420p",
                        "-movflags",
                        "frag_keyframe+empty_moov+default_base_moof",
                        clip.toString())
                .inheritIO()
                .start();
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("ffmpeg could not make the clip");
        }
        FragmentedMp4 mp4 = FragmentedMp4.split(Files.readAllBytes(clip));
        gop = CodedVideo.fromFragments(mp4.init(), List.of(mp4.fragments().get(1))); // the second GOP
        keyframe = gop.units().get(0);
        List<AccessUnit> shown = gop.units().stream()
                .sorted(Comparator.comparingLong(AccessUnit::pts))
                .toList();
        middle = shown.get(shown.size() / 2).pts();
        picture = decoder.decodeAt(gop, middle, Selection.EXACT);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        picture.close();
    }

    @Benchmark
    public long decodeKeyframeOnly() {
        try (Picture p = decoder.decodeKeyframe(gop.track(), keyframe)) {
            return p.ptsTicks();
        }
    }

    @Benchmark
    public long decodeMiddleOfGop() {
        try (Picture p = decoder.decodeAt(gop, middle, Selection.EXACT)) {
            return p.ptsTicks();
        }
    }

    @Benchmark
    public byte[] jpegFull() {
        return encoder.encode(picture, ImageSize.FULL, ImageFormat.JPEG, ImageEncoder.DEFAULT_QUALITY)
                .data();
    }

    @Benchmark
    public byte[] jpeg640() {
        return encoder.encode(picture, ImageSize.W640, ImageFormat.JPEG, ImageEncoder.DEFAULT_QUALITY)
                .data();
    }

    @Benchmark
    public byte[] jpeg160() {
        return encoder.encode(picture, ImageSize.W160, ImageFormat.JPEG, 70).data();
    }

    @Benchmark
    public byte[] webp640() {
        return encoder.encode(picture, ImageSize.W640, ImageFormat.WEBP, ImageEncoder.DEFAULT_QUALITY)
                .data();
    }

    @Benchmark
    public byte[] thumbnail() {
        return thumbnailer.thumbnail(gop.track(), keyframe).data();
    }
}
