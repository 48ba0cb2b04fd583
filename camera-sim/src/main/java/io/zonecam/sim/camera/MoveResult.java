package io.zonecam.sim.camera;

import io.zonecam.sim.publish.PublishTarget;
import java.time.Duration;

/**
 * MoveResult reports a finished make-before-break move: the new session's first frame (a keyframe), the old
 * session's last frame, and how long the move took from the request until the old session was closed.
 *
 * @param from              the old target, null when the camera had no session
 * @param to                the new target
 * @param firstCounterOnNew frame counter of the first frame the new session sent
 * @param lastCounterOnOld  frame counter of the last frame the old session sent, -1 without an old session
 * @param took              from {@link SimulatedCamera#moveTo} until the old session was closed
 */
public record MoveResult(
        PublishTarget from, PublishTarget to, long firstCounterOnNew, long lastCounterOnOld, Duration took) {

    /** Frames both sessions carried; at least 1 when the old session was still publishing at the switch. */
    public long overlapFrames() {
        return lastCounterOnOld < 0 ? 0 : Math.max(0, lastCounterOnOld - firstCounterOnNew + 1);
    }
}
