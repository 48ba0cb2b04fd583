package io.zonecam.node.fleet;

import java.util.List;

/**
 * EgressSource tells the fleet agent how much the node sends to viewers and which cameras it cannot serve live; the
 * live fan-out provides it.
 */
public interface EgressSource {

    /** Bytes sent to viewers since start. */
    long egressBytes();

    /** Viewers connected now. */
    int viewers();

    /**
     * Cameras publishing here whose live view is refused because their stream has B-frames; reported on the
     * heartbeat so the control plane shows them (Camera.liveView).
     */
    default List<String> camerasWithBFrames() {
        return List.of();
    }
}
