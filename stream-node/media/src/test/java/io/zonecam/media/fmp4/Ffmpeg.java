package io.zonecam.media.fmp4;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Ffmpeg runs the system ffmpeg/ffprobe as a real peer for tests, with a deadline on each run. */
final class Ffmpeg {

    record Result(int exitCode, String stdout, String stderr) {}

    private Ffmpeg() {}

    static boolean available() {
        return Files.isExecutable(Path.of("/usr/bin/ffmpeg")) && Files.isExecutable(Path.of("/usr/bin/ffprobe"));
    }

    static Result run(Path dir, String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + String.join(" ", command));
        }
        return new Result(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** Runs and requires exit code 0. */
    static String check(Path dir, String... command) throws IOException, InterruptedException {
        Result r = run(dir, command);
        if (r.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + r.stderr());
        }
        return r.stdout();
    }

    /** ffprobe's packets of one stream as key=value maps (pts, dts, size, flags), in file order. */
    static List<Map<String, String>> packets(Path dir, String file, String stream)
            throws IOException, InterruptedException {
        String out = check(
                dir,
                "ffprobe",
                "-v",
                "error",
                "-select_streams",
                stream,
                "-show_entries",
                "packet=pts,dts,size,flags",
                "-of",
                "compact=p=0",
                file);
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            Map<String, String> row = new HashMap<>();
            for (String kv : line.trim().split("\\|")) {
                int eq = kv.indexOf('=');
                row.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
            rows.add(row);
        }
        return rows;
    }

    /** One ffprobe stream entry as key=value pairs. */
    static Map<String, String> stream(Path dir, String file, String stream, String entries)
            throws IOException, InterruptedException {
        String out = check(
                dir,
                "ffprobe",
                "-v",
                "error",
                "-count_frames",
                "-select_streams",
                stream,
                "-show_entries",
                "stream=" + entries,
                "-of",
                "compact=p=0",
                file);
        Map<String, String> row = new HashMap<>();
        for (String kv : out.trim().split("\\|")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                row.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        return row;
    }
}
