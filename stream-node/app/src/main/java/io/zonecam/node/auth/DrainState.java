package io.zonecam.node.auth;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * DrainState says whether this node is draining; the {@link DeviceAuthorizer} refuses new publish sessions while it
 * is. The fleet's drain sets it; it lives here, beside the one reader, so that publish admission depends on nothing
 * above it.
 */
@ApplicationScoped
public class DrainState {

    private volatile boolean draining;

    public boolean draining() {
        return draining;
    }

    /** Starts or stops refusing new publish sessions. */
    public void set(boolean value) {
        draining = value;
    }
}
