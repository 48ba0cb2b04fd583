package io.zonecam.control.playback;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** PlaybackModels are the API bodies of playback URLs, named as in the OpenAPI spec. */
public final class PlaybackModels {

    private PlaybackModels() {}

    @RegisterForReflection
    public record RecordedPlaybackRequest(
            @NotNull Instant from, @NotNull Instant to) {}

    @RegisterForReflection
    public record ShareRequest(
            @NotNull Instant from,
            @NotNull Instant to,

            @NotNull @jakarta.validation.constraints.Min(60) @jakarta.validation.constraints.Max(604_800)
            Integer expiresInSeconds) {}

    /**
     * A share link as listed (and as created: only then with its {@code url}, which carries the token; like an API
     * key, the secret is shown once).
     */
    @RegisterForReflection
    public record ShareLink(
            UUID id,
            UUID cameraId,
            Instant from,
            Instant to,
            Instant expiresAt,
            Instant createdAt,
            String createdBy,
            boolean revoked,
            Instant revokedAt,
            String url) {
        static ShareLink of(io.zonecam.control.store.ShareLink s, String url) {
            return new ShareLink(
                    s.id,
                    s.cameraId,
                    s.rangeFrom,
                    s.rangeTo,
                    s.expiresAt,
                    s.createdAt,
                    s.createdBy,
                    s.revokedAt != null,
                    s.revokedAt,
                    url);
        }
    }

    @RegisterForReflection
    public record ShareLinkPage(List<ShareLink> items, String nextCursor) {}

    /** A playback URL; {@code thumbnailUrl} (live) and {@code thumbnailsUrl} (recorded) reuse its token. */
    @RegisterForReflection
    public record PlaybackUrl(
            String kind,
            String url,
            String clipUrl,
            String token,
            Instant expiresAt,
            String thumbnailUrl,
            String thumbnailsUrl) {}
}
