package io.zonecam.control.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.zonecam.control.problem.Text;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** AuditModels are the API bodies of the audit log, named as in the OpenAPI spec. */
public final class AuditModels {

    private AuditModels() {}

    /** One audit entry; fields that do not apply to its action are absent. */
    @RegisterForReflection
    public record AuditEntry(
            UUID id,
            Instant occurredAt,
            String action,
            String actor,
            UUID cameraId,
            UUID targetId,
            UUID tokenId,
            Instant from,
            Instant to,
            String clientAddress,
            UUID nodeId,
            Instant endedAt,
            Long bytes,
            JsonNode details) {}

    @RegisterForReflection
    public record AuditPage(List<AuditEntry> items, String nextCursor) {}

    /** What a node saw of one token: a WHEP session, or HLS, clip or picture requests (aggregated by the node). */
    @RegisterForReflection
    public record AccessRecord(
            @NotNull UUID id,
            @NotNull UUID tokenId,
            @NotNull UUID cameraId,

            @NotNull
            @Pattern(
                    regexp = "^(live|recorded|clip|snapshot|thumbnail)$",
                    message = "must be live, recorded, clip, snapshot or thumbnail")
            String kind,

            @NotNull Instant startedAt,
            @NotNull Instant endedAt,

            @NotNull @PositiveOrZero @Max(1_000_000_000_000_000L)
            Long bytes,

            @Text(max = 64) String clientAddress) {}

    @RegisterForReflection
    public record AccessRecords(@NotEmpty @Size(max = 500) List<@Valid @NotNull AccessRecord> records) {}

    /**
     * What became of a node's records: stored (now or by an earlier try of the same batch), refused by the node's
     * rate limit, or of cameras outside the node's zone (dropped).
     */
    @RegisterForReflection
    public record AccessResult(int accepted, int rateLimited, int outsideZone) {}
}
