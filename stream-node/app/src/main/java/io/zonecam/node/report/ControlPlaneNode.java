package io.zonecam.node.report;

import io.zonecam.sdk.ApiClient;
import java.util.Optional;
import java.util.UUID;

/**
 * ControlPlaneNode is what the reports need of the node's membership in its zone (the fleet agent implements it):
 * the client that talks to the control plane, and the node's id once it registered. Declared here so the fleet
 * depends on the reports and not the other way round.
 */
public interface ControlPlaneNode {

    /** The control plane's client with the node's credentials, or empty when the node runs standalone. */
    Optional<ApiClient> controlPlaneClient();

    /** The node's id in the control plane, or null before it registered (and again while it re-registers). */
    UUID nodeId();
}
