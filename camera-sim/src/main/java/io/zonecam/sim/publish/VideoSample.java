package io.zonecam.sim.publish;

import io.zonecam.sim.clip.Clip;

/**
 * VideoSample is one video frame as a camera emits it: a shared clip access unit, this camera's timestamps on its
 * continuous timeline, and its own frame-marker SEI NAL unit (built once and sent to every open session).
 *
 * @param frame   the shared access unit
 * @param dts     decode time, 90 kHz ticks since the camera's timeline start
 * @param pts     presentation time, 90 kHz ticks
 * @param counter the frame counter in the marker
 * @param marker  the frame-marker SEI NAL unit (header byte included, emulation prevention applied)
 * @param captureMicros the capture wall-clock time of the frame (its presentation time), microseconds since the
 *                      Unix epoch; the same value as in the marker
 */
public record VideoSample(Clip.VideoFrame frame, long dts, long pts, long counter, byte[] marker, long captureMicros) {

    /** True for an IDR access unit. */
    public boolean keyframe() {
        return frame.keyframe();
    }
}
