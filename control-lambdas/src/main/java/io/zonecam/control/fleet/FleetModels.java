package io.zonecam.control.fleet;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.zonecam.control.problem.Text;
import io.zonecam.control.store.Node;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** FleetModels are the API bodies of stream nodes, named as in the OpenAPI spec. */
public final class FleetModels {

    private FleetModels() {}

    @RegisterForReflection
    public record NodeRegistration(
            @NotNull @Pattern(regexp = "^[a-z0-9][a-z0-9-]{1,31}$", message = "must be a zone id")
            String zone,

            @NotBlank @Text(max = 100) String name,
            @NotBlank @Text(max = 255) String host,

            @NotBlank @Text(max = 255) @Pattern(regexp = "^https?://.+", message = "must be an http(s) URL")
            String httpUrl,

            @NotNull @Min(1) @Max(65535) Integer rtspPort,
            @NotNull @Min(1) @Max(65535) Integer rtmpPort,
            @NotNull @Min(1) @Max(10_000) Integer capacity) {}

    @RegisterForReflection
    public record NodeLoad(
            @NotNull @Min(0) Integer cameras,
            @NotNull @Min(0) Long ingressBps,
            @NotNull @Min(0) Long egressBps,
            @NotNull @Min(0) Integer viewers,
            @NotNull @DecimalMin("0") @DecimalMax("1") Double cpu,
            @Size(max = 10_000) List<@NotNull UUID> onlineCameras,
            @Size(max = 10_000) List<@NotNull UUID> camerasWithBFrames,
            @Size(max = 10_000) List<@NotNull @Valid CameraBusState> busStates) {}

    /** A camera's state as a node heard it on the device bus. */
    @RegisterForReflection
    public record CameraBusState(
            @NotNull UUID cameraId,

            @NotNull @Pattern(regexp = "connected|disconnected")
            String state,

            @Size(max = 512) String publishingTo,
            @Size(max = 64) String lastCommandId,
            @NotNull Instant reportedAt) {}

    @RegisterForReflection
    public record NodeView(
            UUID id,
            String zone,
            String name,
            String host,
            String httpUrl,
            int rtspPort,
            int rtmpPort,
            int capacity,
            String state,
            int assignedCameras,
            NodeLoad load,
            Instant registeredAt,
            Instant lastHeartbeatAt,
            Instant leaseExpiresAt) {
        static NodeView of(Node n) {
            NodeLoad load = n.loadCameras == null
                    ? null
                    : new NodeLoad(
                            n.loadCameras,
                            n.loadIngressBps,
                            n.loadEgressBps,
                            n.loadViewers,
                            n.loadCpu,
                            null,
                            null,
                            null);
            return new NodeView(
                    n.id,
                    n.zoneId,
                    n.name,
                    n.host,
                    n.httpUrl,
                    n.rtspPort,
                    n.rtmpPort,
                    n.capacity,
                    n.state,
                    n.assignedCameras,
                    load,
                    n.registeredAt,
                    n.lastHeartbeatAt,
                    n.leaseExpiresAt);
        }
    }

    @RegisterForReflection
    public record HeartbeatAck(
            UUID nodeId, String state, Instant leaseExpiresAt, int assignedCameras, List<UUID> revokedTokens) {}

    @RegisterForReflection
    public record NodeAssignment(UUID cameraId, UUID organizationId, int retentionDays, Instant assignedAt) {}

    @RegisterForReflection
    public record NodeAssignmentPage(List<NodeAssignment> items, String nextCursor) {}

    @RegisterForReflection
    public record DrainProgress(
            UUID nodeId, String state, int assignedCameras, int connectedCameras, Instant startedAt) {
        static DrainProgress of(Node n) {
            return new DrainProgress(
                    n.id, n.state, n.assignedCameras, n.loadCameras == null ? 0 : n.loadCameras, n.drainStartedAt);
        }
    }
}
