package io.zonecam.control.pictures;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;

/** PictureModels are the API bodies of snapshot URLs, named as in the OpenAPI spec. */
public final class PictureModels {

    private PictureModels() {}

    /** A snapshot request; every field optional (absent {@code at}: the live picture). */
    @RegisterForReflection
    public record SnapshotRequest(
            Instant at,

            @Pattern(regexp = "full|640|160", message = "must be full, 640 or 160")
            String size,

            Boolean exact,

            @Pattern(regexp = "jpeg|webp", message = "must be jpeg or webp")
            String format) {

        static final SnapshotRequest LIVE = new SnapshotRequest(null, null, null, null);
    }

    @RegisterForReflection
    public record SnapshotUrl(String url, Instant expiresAt) {}
}
