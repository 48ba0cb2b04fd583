package io.zonecam.control.playback;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;

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

    @RegisterForReflection
    public record ShareLink(String url, Instant expiresAt) {}

    @RegisterForReflection
    public record PlaybackUrl(String kind, String url, String clipUrl, String token, Instant expiresAt) {}
}
