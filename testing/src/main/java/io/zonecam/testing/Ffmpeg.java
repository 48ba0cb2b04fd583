package io.zonecam.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Ffmpeg runs the system ffmpeg and ffprobe as real peers for tests: each run has a deadline, its output is kept
 * whole (in temporary files, so a chatty process never blocks on a full pipe), and the ffprobe helpers parse the
 * {@code compact} output format into maps.
 */
public final class Ffmpeg {

    /** How long one run may take unless told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    /**
     * Result is one finished run.
     *
     * @param exitCode the exit code
     * @param stdout   standard output
     * @param stderr   standard error
     */
    public record Result(int exitCode, String stdout, String stderr) {}

    private Ffmpeg() {}

    /** True when /usr/bin/ffmpeg and /usr/bin/ffprobe exist. */
    public static boolean available() {
        return Files.isExecutable(Path.of("/usr/bin/ffmpeg")) && Files.isExecutable(Path.of("/usr/bin/ffprobe"));
    }

    /** Runs {@code command} in {@code dir} (null: this process's directory), killing it after {@code timeout}. */
    public static Result run(Path dir, Duration timeout, List<String> command) throws IOException {
        Path out = Files.createTempFile("zonecam-run", ".out");
        Path err = Files.createTempFile("zonecam-run", ".err");
        try {
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            if (dir != null) {
                builder.directory(dir.toFile());
            }
            Process p = builder.start();
            try {
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    throw new IOException("timed out after " + timeout + ": " + String.join(" ", command));
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted: " + String.join(" ", command), e);
            }
            return new Result(
                    p.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Runs {@code command} in {@code dir} with the default deadline. */
    public static Result run(Path dir, List<String> command) throws IOException {
        return run(dir, DEFAULT_TIMEOUT, command);
    }

    /** Runs with the default deadline and requires exit code 0; returns standard output. */
    public static String check(Path dir, List<String> command) throws IOException {
        Result r = run(dir, DEFAULT_TIMEOUT, command);
        if (r.exitCode() != 0) {
            throw new IOException(String.join(" ", command) + " exited " + r.exitCode() + ": " + r.stderr());
        }
        return r.stdout();
    }

    /** {@link #check(Path, List)} with the command as arguments. */
    public static String check(Path dir, String... command) throws IOException {
        return check(dir, List.of(command));
    }

    /**
     * Encodes {@code seconds} of ffmpeg's {@code testsrc} pattern of {@code size} (e.g. 320x240) at 25 fps, with a
     * 440 Hz tone at 48 kHz as a second input when {@code tone}, into {@code output} (in {@code dir}) with the given
     * codec options (e.g. {@code -c:v libx264 -profile:v high}).
     */
    public static void encodeTestPattern(
            Path dir, String output, String size, boolean tone, int seconds, List<String> codecOptions)
            throws IOException {
        encodeLavfi(dir, output, "testsrc=size=" + size + ":rate=25", tone, seconds, codecOptions);
    }

    /**
     * Like {@link #encodeTestPattern}, from any lavfi video {@code source} (e.g.
     * {@code testsrc=size=320x240:rate=25,noise=alls=10:allf=t}, noise for a camera-like bitrate).
     */
    public static void encodeLavfi(
            Path dir, String output, String source, boolean tone, int seconds, List<String> codecOptions)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", source));
        if (tone) {
            cmd.addAll(List.of("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"));
        }
        cmd.addAll(List.of("-t", Integer.toString(seconds)));
        cmd.addAll(codecOptions);
        cmd.add(output);
        check(dir, cmd);
    }

    /**
     * libx264 as a camera encodes: the veryfast preset and a keyframe exactly every {@code gop} frames, none added at
     * scene cuts (so GOPs, fragments and objects line up with the test's arithmetic).
     */
    public static List<String> x264FixedGop(int gop) {
        String g = Integer.toString(gop);
        return List.of("-c:v", "libx264", "-preset", "veryfast", "-g", g, "-keyint_min", g, "-sc_threshold", "0");
    }

    /**
     * Copies the first video stream of {@code input} (a file or a playlist URL), which must be H.264, to
     * {@code output} as an Annex B elementary stream, without decoding it.
     */
    public static Path extractH264(Path dir, String input, Path output) throws IOException {
        check(
                dir,
                "ffmpeg",
                "-v",
                "error",
                "-y",
                "-i",
                input,
                "-map",
                "0:v:0",
                "-c",
                "copy",
                "-bsf:v",
                "h264_mp4toannexb",
                "-f",
                "h264",
                output.toString());
        return output;
    }

    /**
     * ffprobe's {@code -show_entries} of {@code section} (e.g. {@code packet=pts,dts,size,flags} or
     * {@code stream=nb_read_frames}) for one stream ({@code v:0}, {@code a:0}; null: every stream) of {@code input}: one key=value map per
     * row, in file order. {@code countFrames} decodes the whole stream first (needed for {@code nb_read_frames}).
     */
    public static List<Map<String, String>> probe(
            Path dir, String input, String stream, String entries, boolean countFrames) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ffprobe", "-v", "error"));
        if (countFrames) {
            cmd.add("-count_frames");
        }
        if (stream != null) {
            cmd.addAll(List.of("-select_streams", stream));
        }
        cmd.addAll(List.of("-show_entries", entries, "-of", "compact=p=0", input));
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : check(dir, cmd).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (String kv : line.trim().split("\\|")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    row.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
            }
            rows.add(row);
        }
        return rows;
    }

    /** The packets of one stream with {@code fields} (e.g. {@code pts,dts,size,flags}), in file order. */
    public static List<Map<String, String>> packets(Path dir, String input, String stream, String fields)
            throws IOException {
        return probe(dir, input, stream, "packet=" + fields, false);
    }

    /** One stream's entries {@code fields} (e.g. {@code codec_name,width,nb_read_frames}), frames counted. */
    public static Map<String, String> stream(Path dir, String input, String stream, String fields) throws IOException {
        List<Map<String, String>> rows = probe(dir, input, stream, "stream=" + fields, true);
        return rows.isEmpty() ? Map.of() : rows.get(0);
    }

    /** The video frames a real player decodes from {@code input} (a file or a URL, e.g. an HLS playlist). */
    public static int videoFrames(Path dir, String input) throws IOException {
        return Integer.parseInt(stream(dir, input, "v:0", "nb_read_frames").get("nb_read_frames"));
    }
}
