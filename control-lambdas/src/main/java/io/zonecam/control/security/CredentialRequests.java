package io.zonecam.control.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** CredentialRequests holds the authentication requests of Zonecam's own credentials (not the user JWT). */
public final class CredentialRequests {

    private CredentialRequests() {}

    /** A partner API key from {@code X-Api-Key}. */
    public static final class ApiKey extends BaseAuthenticationRequest {
        final String key;

        public ApiKey(String key) {
            this.key = key;
        }
    }

    /** A zone's node enrollment key from {@code X-Node-Key}. */
    public static final class NodeKey extends BaseAuthenticationRequest {
        final String key;

        public NodeKey(String key) {
            this.key = key;
        }
    }

    /** A camera's id and device secret from HTTP Basic. */
    public static final class Device extends BaseAuthenticationRequest {
        final String cameraId;
        final String secret;

        public Device(String cameraId, String secret) {
            this.cameraId = cameraId;
            this.secret = secret;
        }
    }
}
