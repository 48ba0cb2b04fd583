package io.zonecam.sim.camera;

import io.zonecam.media.h264.FrameMarker;
import io.zonecam.sim.clip.Clip;
import io.zonecam.sim.publish.AudioSample;
import io.zonecam.sim.publish.VideoSample;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * ClipTimeline is one camera's real-time timeline over the shared, looping clip: which clip frame comes next, with
 * what frame counter and timestamps, and when it is due. It holds no sockets and no clock of its own; the camera asks
 * it for due times and takes samples in order. Not thread-safe: it lives on the camera's event loop.
 *
 * <p>It starts at a keyframe of the clip (a random one when configured, so a fleet's cameras do not send the same
 * picture). Video frame {@code k} carries marker counter {@code k} and decode time {@code loop * loopDuration + clip
 * dts} (shifted so the first is 0); a requested keyframe makes the clip position jump ahead while counters and
 * timestamps run on unchanged.
 */
final class ClipTimeline {

    private final String cameraId;
    private final Clip clip;
    private final int startFrame;
    private final long startDts;
    private final int audioStart;

    private long startNanos = -1;
    private long wallStartMicros;
    private boolean keyframeRequested;
    private long clipJump;
    private long dtsJump;
    private long videoIndex;
    private long audioIndex;

    ClipTimeline(String cameraId, Clip clip, boolean randomStart) {
        new FrameMarker(cameraId, 0, 0); // validates the id length early
        this.cameraId = cameraId;
        this.clip = clip;
        List<Integer> keys = new ArrayList<>();
        for (Clip.VideoFrame f : clip.video()) {
            if (f.keyframe()) {
                keys.add(f.index());
            }
        }
        startFrame = randomStart ? keys.get(ThreadLocalRandom.current().nextInt(keys.size())) : 0;
        startDts = clip.video().get(startFrame).dts();
        audioStart = clip.hasAudio()
                ? (int) ((startDts * clip.audioRate() / Clip.VIDEO_CLOCK / Clip.AAC_FRAME_SAMPLES)
                        % clip.audio().size())
                : 0;
    }

    /** Starts the timeline: frame 0 is due at {@code nanos} ({@link System#nanoTime()}). */
    void start(long nanos) {
        startNanos = nanos;
        wallStartMicros = System.currentTimeMillis() * 1000;
    }

    boolean started() {
        return startNanos >= 0;
    }

    /** Video frames produced (sent or skipped) so far: the next frame's counter. */
    long videoFrames() {
        return videoIndex;
    }

    /** Makes the next video frame a keyframe (see {@link SimulatedCamera#requestKeyframe()}). */
    void requestKeyframe() {
        keyframeRequested = true;
    }

    /** When the next video frame is due ({@link System#nanoTime()} scale); applies a requested keyframe first. */
    long videoDue() {
        if (keyframeRequested) {
            jumpToKeyframe();
        }
        return startNanos + videoDts(position()) * 100_000 / 9; // 90 kHz ticks to ns
    }

    /** When the next audio frame is due, or {@link Long#MAX_VALUE} for a clip without audio. */
    long audioDue() {
        return clip.hasAudio()
                ? startNanos + audioIndex * Clip.AAC_FRAME_SAMPLES * 1_000_000_000L / clip.audioRate()
                : Long.MAX_VALUE;
    }

    /** The next video frame with its counter, timestamps and marker; the timeline moves past it. */
    VideoSample takeVideo() {
        long p = position();
        Clip.VideoFrame f = frame(p);
        long dts = videoDts(p);
        long pts = dts - f.dts() + f.pts();
        long counter = videoIndex++;
        long capture = wallStartMicros + pts * 100 / 9;
        byte[] marker = new FrameMarker(cameraId, counter, capture).toH264Nal();
        return new VideoSample(f, dts, pts, counter, marker, capture);
    }

    /** Skips the next video frame (too late to send): its counter is never sent. */
    void skipVideo() {
        videoIndex++;
    }

    /** The next audio frame; the timeline moves past it. */
    AudioSample takeAudio() {
        byte[] data =
                clip.audio().get((int) ((audioStart + audioIndex) % clip.audio().size()));
        long time = audioIndex * Clip.AAC_FRAME_SAMPLES;
        audioIndex++;
        return new AudioSample(data, time, wallStartMicros + time * 1_000_000 / clip.audioRate());
    }

    /** Skips the next audio frame. */
    void skipAudio() {
        audioIndex++;
    }

    /** Clip position (frames since the clip start, across loops) of the next video frame. */
    private long position() {
        return startFrame + clipJump + videoIndex;
    }

    private Clip.VideoFrame frame(long p) {
        return clip.video().get((int) (p % clip.frameCount()));
    }

    /** Decode time on this timeline of the frame at clip position {@code p}. */
    private long videoDts(long p) {
        return clipDts(p) - startDts - dtsJump;
    }

    /** Decode time of clip position {@code p} counted from the clip start, across loops. */
    private long clipDts(long p) {
        return (p / clip.frameCount()) * clip.loopDuration() + frame(p).dts();
    }

    /** Moves the clip position to the next keyframe, keeping the next frame's decode time where it was due. */
    private void jumpToKeyframe() {
        keyframeRequested = false;
        long p = position();
        long skip = 0;
        while (!frame(p + skip).keyframe()) {
            skip++;
        }
        if (skip == 0) {
            return;
        }
        clipJump += skip;
        dtsJump += clipDts(p + skip) - clipDts(p); // the frame at p + skip is sent in p's time slot
    }
}
