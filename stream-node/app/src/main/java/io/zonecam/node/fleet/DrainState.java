package io.zonecam.node.fleet;

import jakarta.enterprise.context.ApplicationScoped;

/** DrainState says whether this node is draining; ingest refuses new publish sessions while it is. */
@ApplicationScoped
public class DrainState {

    private volatile boolean draining;

    public boolean draining() {
        return draining;
    }

    void set(boolean value) {
        draining = value;
    }
}
