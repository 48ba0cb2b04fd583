package io.zonecam.control.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** CredentialRequests holds the authentication request of Zonecam's own credentials (not the user JWT). */
public final class CredentialRequests {

    private CredentialRequests() {}

    /** One of Zonecam's credentials, as read from a request; its {@code toString} never shows the secret. */
    sealed interface Credential {}

    /** A partner API key from {@code X-Api-Key}. */
    record ApiKey(String key) implements Credential {
        @Override
        public String toString() {
            return "ApiKey[redacted]";
        }
    }

    /** A zone's node enrollment key from {@code X-Node-Key}. */
    record NodeKey(String key) implements Credential {
        @Override
        public String toString() {
            return "NodeKey[redacted]";
        }
    }

    /** A camera's id and device secret from HTTP Basic. */
    record Device(String cameraId, String secret) implements Credential {
        @Override
        public String toString() {
            return "Device[cameraId=" + cameraId + ", secret redacted]";
        }
    }

    /**
     * Request carries any of the credentials: Quarkus hands a request to the provider registered for its exact
     * class, so one request type lets one provider check all three.
     */
    public static final class Request extends BaseAuthenticationRequest {
        final Credential credential;

        Request(Credential credential) {
            this.credential = credential;
        }
    }
}
