package io.zonecam.sim.clip;

/**
 * ClipSpec describes a synthetic test clip the simulator encodes once with ffmpeg: a noisy test pattern (so the
 * encoder really spends the bit rate) and a sine tone, cut into whole GOPs so it loops cleanly.
 *
 * @param width       picture width
 * @param height      picture height
 * @param fps         frames per second (integer)
 * @param seconds     clip length; a whole number of GOPs
 * @param gopSeconds  keyframe interval in seconds (fixed GOPs, no scene-cut keyframes)
 * @param videoKbps   target video bit rate
 * @param bframes     High profile with B-frames (composition offsets) instead of Main without
 * @param audioKbps   AAC bit rate, 0 for no audio track
 */
public record ClipSpec(
        int width, int height, int fps, int seconds, int gopSeconds, int videoKbps, boolean bframes, int audioKbps) {

    public ClipSpec {
        if (width < 16
                || height < 16
                || width % 2 != 0
                || height % 2 != 0
                || fps < 1
                || fps > 120
                || seconds < 1
                || gopSeconds < 1
                || seconds % gopSeconds != 0
                || videoKbps < 50
                || audioKbps < 0) {
            throw new IllegalArgumentException("invalid clip spec " + this + " (the length must be whole GOPs)");
        }
    }

    /** The default: 720p25, 2 Mb/s, 2 s GOPs, a 10 s loop, Main profile, 64 kb/s AAC. */
    public static ClipSpec defaults() {
        return new ClipSpec(1280, 720, 25, 10, 2, 2000, false, 64);
    }

    /** A short low-resolution clip for tests: a loop happens every {@code seconds}. */
    public static ClipSpec small(int seconds, boolean bframes) {
        return new ClipSpec(640, 360, 25, seconds, 1, 1000, bframes, 64);
    }

    /** Frames per GOP. */
    public int gopFrames() {
        return fps * gopSeconds;
    }

    /** A file name that identifies every parameter, so cached clips are never confused. */
    public String fileName() {
        return "zonecam-sim-" + width + "x" + height + "p" + fps + "-" + videoKbps + "k-"
                + (bframes ? "high-bf" : "main") + "-" + seconds + "s-g" + gopSeconds
                + (audioKbps > 0 ? "-aac" + audioKbps : "-noaudio") + ".mp4";
    }
}
