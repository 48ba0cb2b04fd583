package io.zonecam.ingest;

import java.util.Objects;

/** AuthDecision is a {@link PublishAuthorizer}'s verdict: allow with the authorised camera id, or deny with a reason. */
public sealed interface AuthDecision {

    /** Allows the publish for {@code cameraId} (normally the id from the URL; the authorizer may canonicalise it). */
    static AuthDecision allow(String cameraId) {
        return new Allow(cameraId);
    }

    /** Denies the publish; {@code reason} is logged and shown to the publisher, so it must not leak secrets. */
    static AuthDecision deny(String reason) {
        return new Deny(reason);
    }

    /** Allow carries the camera id the session will be recorded under. */
    record Allow(String cameraId) implements AuthDecision {
        public Allow {
            Objects.requireNonNull(cameraId, "cameraId");
            if (cameraId.isBlank()) {
                throw new IllegalArgumentException("cameraId must not be blank");
            }
        }
    }

    /** Deny carries a short human-readable reason such as "token expired" or "token is for another camera". */
    record Deny(String reason) implements AuthDecision {
        public Deny {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
