package io.zonecam.node.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Ffprobe counts what a real player decodes from a recording: a clip file or a node's HLS playlist URL. */
public final class Ffprobe {

    private Ffprobe() {}

    /** Video frames ffprobe reads from {@code input} (a file or URL); fails the test when ffprobe fails. */
    public static int videoFrames(String input) throws IOException, InterruptedException {
        Process probe = new ProcessBuilder(
                        "ffprobe",
                        "-v",
                        "error",
                        "-count_frames",
                        "-select_streams",
                        "v:0",
                        "-show_entries",
                        "stream=nb_read_frames",
                        "-of",
                        "csv=p=0",
                        input)
                .redirectErrorStream(true)
                .start();
        String out = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(probe.waitFor()).as(out).isZero();
        // Warnings may come first; the count is the last line.
        return Integer.parseInt(out.lines().reduce((a, b) -> b).orElse("0").trim());
    }
}
