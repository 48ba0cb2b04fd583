package io.zonecam.sim.camera;

import io.zonecam.sim.publish.PublishTarget;
import java.util.concurrent.CompletableFuture;

/**
 * TargetSource tells a camera where to publish when it must reconnect: the same URL again, or, with a control plane,
 * a fresh device token and the node the camera is assigned to now (a crashed node's cameras are reassigned).
 *
 * <p>Called on the camera's event loop; it must not block it (do HTTP calls on another executor).
 */
@FunctionalInterface
public interface TargetSource {

    /**
     * The next target for {@code cameraId}.
     *
     * @param last    the target of the session that ended
     * @param failure why it ended (for logs; a refusal may mean the token expired)
     */
    CompletableFuture<PublishTarget> next(String cameraId, PublishTarget last, String failure);

    /** Reconnects to the same target every time. */
    static TargetSource fixed() {
        return (id, last, failure) -> CompletableFuture.completedFuture(last);
    }
}
