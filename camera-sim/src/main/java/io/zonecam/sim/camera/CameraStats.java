package io.zonecam.sim.camera;

/**
 * CameraStats is a snapshot of one simulated camera's counters. Video frames are counted once per frame of the
 * camera's timeline, however many sessions carried it.
 *
 * @param cameraId         the camera id (also the marker id)
 * @param phase            the life-cycle phase
 * @param target           the current or wanted target, redacted
 * @param framesGenerated  video frames the timeline produced (the next frame counter)
 * @param framesSent       frames written to at least one session
 * @param framesDropped    frames lost to back-pressure: a write buffer was full (a slow node), or the session was
 *                         waiting for a keyframe after such a drop
 * @param framesUnsent     frames no session could take: not connected, or waiting for a keyframe after a gap
 * @param framesSkipped    frames never offered because the simulator fell more than the allowed lag behind
 * @param audioFramesSent  AAC frames written to at least one session
 * @param bytesSent        media bytes written, all sessions
 * @param sessionsOpened   publish connections attempted
 * @param connectFailures  connections that ended before the node confirmed them
 * @param reconnects       sessions lost unexpectedly (each followed by reconnect attempts)
 * @param moves            completed make-before-break moves
 * @param maxLagMicros     worst lateness of a frame against its real-time schedule
 * @param lastError        the last reason a session ended unexpectedly, or null
 */
public record CameraStats(
        String cameraId,
        SimulatedCamera.Phase phase,
        String target,
        long framesGenerated,
        long framesSent,
        long framesDropped,
        long framesUnsent,
        long framesSkipped,
        long audioFramesSent,
        long bytesSent,
        long sessionsOpened,
        long connectFailures,
        long reconnects,
        long moves,
        long maxLagMicros,
        String lastError) {}
