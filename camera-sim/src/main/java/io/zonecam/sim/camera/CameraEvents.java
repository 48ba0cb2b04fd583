package io.zonecam.sim.camera;

import io.zonecam.sim.publish.PublishTarget;

/**
 * CameraEvents hears what a device agent reports on its state topic: a camera publishing somewhere, losing its
 * session, finishing a move. Methods run on the camera's event loop and must not block.
 */
public interface CameraEvents {

    /** A session became the camera's primary one (first start, reconnect or move) and sent its first keyframe. */
    default void publishing(SimulatedCamera camera, PublishTarget target) {}

    /** The primary session ended without being asked to; the camera reconnects on its own. */
    default void connectionLost(SimulatedCamera camera, PublishTarget target, String reason) {}

    /** A make-before-break move finished: the old session is closed. */
    default void moved(SimulatedCamera camera, MoveResult result) {}
}
