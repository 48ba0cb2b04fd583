package io.zonecam.sim.clip;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Ffmpeg runs the ffmpeg and ffprobe executables with a deadline and returns their output or a clear failure. */
public final class Ffmpeg {

    private static final int MAX_ERROR_CHARS = 2000;

    private Ffmpeg() {}

    /** An ffmpeg command line, quiet but for errors, never reading stdin and overwriting its outputs, then {@code args}. */
    public static List<String> command(String... args) {
        List<String> c = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y"));
        c.addAll(List.of(args));
        return c;
    }

    /** Runs {@code command}; returns its standard output, or throws with the tail of its standard error. */
    public static String run(List<String> command, Duration timeout) throws IOException {
        Path err = Files.createTempFile("zonecam-sim-ffmpeg", ".err");
        Path out = Files.createTempFile("zonecam-sim-ffmpeg", ".out");
        try {
            Process p = new ProcessBuilder(command)
                    .redirectError(err.toFile())
                    .redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            boolean done;
            try {
                done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted running " + command.get(0));
            }
            if (!done) {
                p.destroyForcibly();
                throw new IOException(command.get(0) + " did not finish within " + timeout.toSeconds() + " s");
            }
            if (p.exitValue() != 0) {
                String e = Files.readString(err, StandardCharsets.UTF_8);
                throw new IOException(command.get(0) + " failed (exit " + p.exitValue() + "): "
                        + e.substring(Math.max(0, e.length() - MAX_ERROR_CHARS)).strip());
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(err);
            Files.deleteIfExists(out);
        }
    }

    /**
     * ffprobe's {@code -show_entries} {@code entries} (e.g. {@code packet=pts,dts,flags}) of {@code file}, for one
     * stream ({@code null}: every stream), one map per row in file order.
     */
    public static List<java.util.Map<String, String>> probe(Path file, String stream, String entries, Duration timeout)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ffprobe", "-v", "error"));
        if (stream != null) {
            cmd.addAll(List.of("-select_streams", stream));
        }
        cmd.addAll(List.of("-show_entries", entries, "-of", "compact=p=0", file.toString()));
        return compact(run(cmd, timeout));
    }

    /** Parses ffprobe's {@code -of compact=p=0} lines ({@code k=v|k=v}) into one list of pairs per line. */
    public static List<java.util.Map<String, String>> compact(String output) {
        List<java.util.Map<String, String>> rows = new ArrayList<>();
        for (String line : output.split("\n")) {
            line = line.strip();
            if (line.isEmpty()) {
                continue;
            }
            java.util.Map<String, String> row = new java.util.LinkedHashMap<>();
            for (String kv : line.split("\\|")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    row.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
            }
            rows.add(row);
        }
        return rows;
    }
}
