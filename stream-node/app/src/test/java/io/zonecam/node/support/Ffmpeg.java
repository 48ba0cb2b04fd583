package io.zonecam.node.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Ffmpeg runs the real ffmpeg as a camera in tests. */
public final class Ffmpeg {

    private Ffmpeg() {}

    /** A process that publishes a generated test pattern (+ tone) for {@code seconds} to {@code url}. */
    public static Process publish(String url, int seconds, boolean bframes, Path log) throws IOException {
        return publish("testsrc=size=320x240:rate=25", url, seconds, bframes, log);
    }

    /**
     * Like {@link #publish}, but the picture is covered in noise, which does not compress: about 3 Mb/s, a real
     * camera's bitrate, so recorded objects have a real camera's size (1.6 MB per 4 s).
     */
    public static Process publishNoisy(String url, int seconds, Path log) throws IOException {
        return publish("testsrc=size=320x240:rate=25,noise=alls=40:allf=t", url, seconds, false, log);
    }

    private static Process publish(String source, String url, int seconds, boolean bframes, Path log)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                "ffmpeg",
                "-hide_banner",
                "-loglevel",
                "warning",
                "-re",
                "-f",
                "lavfi",
                "-i",
                source,
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:sample_rate=48000",
                "-t",
                Integer.toString(seconds),
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-g",
                "25",
                "-pix_fmt",
                "yuv420p",
                "-c:a",
                "aac",
                "-b:a",
                "64k"));
        // ultrafast alone turns x264's B-frames off; a B-frame camera has to ask for them (High, two B-frames,
        // as ffmpeg's default preset would send).
        cmd.addAll(bframes ? List.of("-bf", "2", "-profile:v", "high") : List.of("-bf", "0", "-profile:v", "main"));
        if (url.startsWith("rtsp")) {
            cmd.addAll(List.of("-f", "rtsp", "-rtsp_transport", "tcp", url));
        } else {
            cmd.addAll(List.of("-f", "flv", url));
        }
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** Waits for a process, killing it after the deadline; returns its exit code. */
    public static int await(Process p, long seconds) throws InterruptedException {
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
        }
        return p.exitValue();
    }

    public static String log(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }
}
