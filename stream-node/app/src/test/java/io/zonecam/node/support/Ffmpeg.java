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
        // ultrafast alone turns x264's B-frames off; a B-frame camera has to ask for them (High, two B-frames,
        // as ffmpeg's default preset would send).
        return publish(
                "testsrc=size=320x240:rate=25",
                true,
                bframes ? List.of("-bf", "2", "-profile:v", "high") : List.of("-bf", "0", "-profile:v", "main"),
                url,
                seconds,
                log);
    }

    /**
     * Like {@link #publish}, but the picture is covered in noise, which does not compress: about 3 Mb/s, a real
     * camera's bitrate, so recorded objects have a real camera's size (1.6 MB per 4 s).
     */
    public static Process publishNoisy(String url, int seconds, Path log) throws IOException {
        return publish(
                "testsrc=size=320x240:rate=25,noise=alls=40:allf=t",
                true,
                List.of("-bf", "0", "-profile:v", "main"),
                url,
                seconds,
                log);
    }

    /** A video-only camera in the High profile, with two B-frames or without any. */
    public static Process publishHighProfile(String url, int seconds, boolean bframes, Path log) throws IOException {
        return publish(
                "testsrc=size=320x240:rate=25",
                false,
                List.of("-bf", bframes ? "2" : "0", "-profile:v", "high"),
                url,
                seconds,
                log);
    }

    private static Process publish(String source, boolean tone, List<String> profile, String url, int seconds, Path log)
            throws IOException {
        List<String> cmd = new ArrayList<>(
                List.of("ffmpeg", "-hide_banner", "-loglevel", "warning", "-re", "-f", "lavfi", "-i", source));
        if (tone) {
            cmd.addAll(List.of("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"));
        }
        cmd.addAll(List.of(
                "-t",
                Integer.toString(seconds),
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-g",
                "25",
                "-pix_fmt",
                "yuv420p"));
        if (tone) {
            cmd.addAll(List.of("-c:a", "aac", "-b:a", "64k"));
        }
        cmd.addAll(profile);
        cmd.addAll(outputTo(url));
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** The output options that publish to {@code url}: RTSP (ANNOUNCE + RECORD over TCP) or RTMP (FLV). */
    public static List<String> outputTo(String url) {
        return url.startsWith("rtsp")
                ? List.of("-f", "rtsp", "-rtsp_transport", "tcp", url)
                : List.of("-f", "flv", url);
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
