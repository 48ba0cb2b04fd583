package io.zonecam.control.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** EventModels are the API bodies of camera events, named as in the OpenAPI spec. */
public final class EventModels {

    private EventModels() {}

    /** One event, in the versioned envelope that the API lists and webhooks deliver. */
    @RegisterForReflection
    public record Event(
            UUID id, String type, int version, Instant occurredAt, UUID organizationId, UUID cameraId, JsonNode data) {}

    @RegisterForReflection
    public record EventPage(List<Event> items, String nextCursor) {}

    /**
     * An event a camera reported through its node (motion, sound, tamper), or one the node saw in its recorder
     * (recording-failed, recording-resumed, with an optional {@code detail} such as {@code disk-full}); its id, when
     * given, makes a resent report harmless.
     */
    @RegisterForReflection
    public record CameraReport(
            UUID id,
            @NotNull UUID cameraId,

            @NotNull
            @Pattern(
                    regexp = "^(motion|sound|tamper|recording-failed|recording-resumed)$",
                    message = "must be motion, sound, tamper, recording-failed or recording-resumed")
            String kind,

            @NotNull Instant occurredAt,
            Instant snapshotAt,

            @Pattern(regexp = "^[a-z0-9-]{1,40}$", message = "must be 1 to 40 lowercase letters, digits or dashes")
            String detail) {

        /** Kinds the node reports about its recorder rather than the camera about the scene. */
        public boolean aboutRecording() {
            return kind.startsWith("recording-");
        }
    }

    @RegisterForReflection
    public record CameraReports(@NotEmpty @Size(max = 500) List<@Valid @NotNull CameraReport> reports) {}

    /** What became of a node's reports: recorded, refused by a camera's rate limit, or of cameras not at the node. */
    @RegisterForReflection
    public record CameraReportResult(int accepted, int rateLimited, int unknownCamera) {}
}
