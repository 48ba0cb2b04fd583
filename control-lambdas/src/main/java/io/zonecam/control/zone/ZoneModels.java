package io.zonecam.control.zone;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.zonecam.control.problem.Text;
import io.zonecam.control.store.Zone;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;

/** ZoneModels are the API bodies of zones, named as in the OpenAPI spec. */
public final class ZoneModels {

    static final String ZONE_ID = "^[a-z0-9][a-z0-9-]{1,31}$";

    private ZoneModels() {}

    @RegisterForReflection
    public record ZoneCreate(
            @NotNull @Pattern(regexp = ZONE_ID, message = "must be 2-32 of a-z, 0-9 and '-'")
            String id,

            @NotBlank @Text(max = 32) String region,
            @NotNull @Min(1) @Max(100_000) Integer capacity) {}

    @RegisterForReflection
    public record ZoneUpdate(
            @Min(1) @Max(100_000) Integer capacity,

            @Pattern(regexp = "open|closed|draining", message = "must be open, closed or draining")
            String state) {}

    @RegisterForReflection
    public record ZoneView(
            String id, String region, int capacity, String state, int cameras, int activeNodes, Instant createdAt) {
        static ZoneView of(Zone z, int cameras, int activeNodes) {
            return new ZoneView(z.id, z.region, z.capacity, z.state, cameras, activeNodes, z.createdAt);
        }
    }

    @RegisterForReflection
    public record ZoneCreated(ZoneView zone, String nodeEnrollmentKey) {}

    @RegisterForReflection
    public record RebalanceResult(String zone, int moved, int cameras) {}
}
