package io.zonecam.control.security;

/** Roles names the roles a caller can hold; resources list them in {@code @RolesAllowed}. */
public final class Roles {
    /** Manages an organization's cameras and keys. */
    public static final String OWNER = "owner";
    /** Sees an organization's cameras and watches them. */
    public static final String VIEWER = "viewer";
    /** Platform staff: zones, nodes, organizations, device provisioning. */
    public static final String OPERATOR = "operator";
    /** A stream node of one zone. */
    public static final String NODE = "node";
    /** A camera asking for its own device token. */
    public static final String DEVICE = "device";

    private Roles() {}
}
