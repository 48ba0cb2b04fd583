package io.zonecam.node.support;

import io.zonecam.testing.Ffmpeg;
import java.io.IOException;

/** Ffprobe counts what a real player decodes from a recording: a clip file or a node's HLS playlist URL. */
public final class Ffprobe {

    private Ffprobe() {}

    /** Video frames ffprobe reads from {@code input} (a file or URL); fails the test when ffprobe fails. */
    public static int videoFrames(String input) throws IOException {
        return Ffmpeg.videoFrames(null, input);
    }
}
