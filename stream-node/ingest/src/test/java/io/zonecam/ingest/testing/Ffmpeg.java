package io.zonecam.ingest.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Ffmpeg runs /usr/bin/ffmpeg as a real publisher with a deadline and keeps its log for assertions. */
public final class Ffmpeg {

    public static final Path BINARY = Path.of("/usr/bin/ffmpeg");

    /** Result is the exit code and the log of one run. */
    public record Result(int exitCode, String log) {}

    private Ffmpeg() {}

    public static boolean available() {
        return Files.isExecutable(BINARY);
    }

    /**
     * Input args for a generated clip: test pattern video at 25 fps and a sine tone, {@code frames} video frames,
     * real-time paced so UDP is not bursty.
     */
    public static List<String> testClip(int frames, boolean audio) {
        List<String> a = new ArrayList<>(List.of("-re", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25"));
        if (audio) {
            a.addAll(List.of("-re", "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=44100"));
        }
        a.addAll(List.of("-frames:v", Integer.toString(frames)));
        return a;
    }

    /** x264 output args: 4:2:0 (High/Main refuse the 4:4:4 testsrc), fixed GOP, no scene-cut keyframes. */
    public static List<String> x264(String profile, int bframes, int gop) {
        return new ArrayList<>(List.of(
                "-c:v",
                "libx264",
                "-pix_fmt",
                "yuv420p",
                "-preset",
                "ultrafast",
                "-profile:v",
                profile,
                "-bf",
                Integer.toString(bframes),
                "-g",
                Integer.toString(gop),
                "-sc_threshold",
                "0"));
    }

    /** Runs ffmpeg with the given arguments, killing it after {@code timeoutSeconds}. */
    public static Result run(List<String> args, long timeoutSeconds) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(BINARY.toString());
        cmd.addAll(List.of("-hide_banner", "-nostdin", "-loglevel", "info"));
        cmd.addAll(args);
        Path log = Files.createTempFile("ffmpeg", ".log");
        try {
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                return new Result(-1, "TIMEOUT\n" + Files.readString(log));
            }
            return new Result(p.exitValue(), Files.readString(log));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
