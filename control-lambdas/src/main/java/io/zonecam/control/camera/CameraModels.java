package io.zonecam.control.camera;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.zonecam.control.problem.Text;
import io.zonecam.control.security.ClaimCodes;
import io.zonecam.control.store.Camera;
import io.zonecam.control.store.Node;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** CameraModels are the API bodies of cameras and their assignments, named as in the OpenAPI spec. */
public final class CameraModels {

    static final String SERIAL = "^[A-Za-z0-9._-]+$";

    private CameraModels() {}

    @RegisterForReflection
    public record CameraClaim(
            @NotBlank
            @Size(max = 64)
            @Pattern(regexp = SERIAL, message = "may contain only letters, digits, '.', '_' and '-'")
            String serial,

            @NotNull @Size(max = 64) @Pattern(regexp = ClaimCodes.PATTERN, message = ClaimCodes.MESSAGE)
            String claimCode,

            @Text(min = 1, max = 200) String name,
            @Min(1) @Max(3650) Integer retentionDays,
            @Text(max = 32) String region) {}

    @RegisterForReflection
    public record CameraUpdate(
            @Text(min = 1, max = 200) String name,
            @Min(1) @Max(3650) Integer retentionDays) {}

    @RegisterForReflection
    public record CameraView(
            UUID id,
            UUID organizationId,
            String serial,
            String name,
            String model,
            int retentionDays,
            String status,
            String zone,
            UUID nodeId,
            String liveView,
            BusPresence bus,
            Instant createdAt,
            Instant updatedAt,
            String thumbnailUrl) {
        /** {@code status}: on the device bus but publishing to no node. */
        public static final String NOT_PUBLISHING = "not_publishing";
        /** {@code liveView}: no known problem. */
        public static final String LIVE_VIEW_OK = "ok";
        /** {@code liveView}: the stream has B-frames, so the node refuses live view. */
        public static final String LIVE_VIEW_B_FRAMES = "unsupported_b_frames";

        public static CameraView of(Camera c) {
            return new CameraView(
                    c.id,
                    c.organizationId,
                    c.serial,
                    c.name,
                    c.model,
                    c.retentionDays,
                    status(c),
                    c.zoneId,
                    c.nodeId,
                    Camera.B_FRAMES.equals(c.liveViewProblem) ? LIVE_VIEW_B_FRAMES : LIVE_VIEW_OK,
                    BusPresence.of(c),
                    c.createdAt,
                    c.updatedAt,
                    null);
        }

        /** This view with the camera's newest-thumbnail URL ({@code GET /v1/cameras?include=thumbnail}). */
        public CameraView withThumbnail(String url) {
            return new CameraView(
                    id,
                    organizationId,
                    serial,
                    name,
                    model,
                    retentionDays,
                    status,
                    zone,
                    nodeId,
                    liveView,
                    bus,
                    createdAt,
                    updatedAt,
                    url);
        }

        /** Ingest decides online; a camera not publishing but connected to the device bus says why it is not. */
        static String status(Camera c) {
            return !Camera.ONLINE.equals(c.status) && Camera.BUS_CONNECTED.equals(c.busState)
                    ? NOT_PUBLISHING
                    : c.status;
        }
    }

    /** What the camera last said on the device bus; null until it reports. */
    @RegisterForReflection
    public record BusPresence(String state, String publishingTo, String lastCommandId, Instant reportedAt) {
        static BusPresence of(Camera c) {
            return c.busState == null
                    ? null
                    : new BusPresence(c.busState, c.busPublishingTo, c.busCommandId, c.busReportedAt);
        }
    }

    @RegisterForReflection
    public record CameraPage(List<CameraView> items, String nextCursor) {}

    @RegisterForReflection
    public record DeviceCredentials(UUID cameraId, String deviceSecret) {}

    @RegisterForReflection
    public record MqttSettings(String clientId, String commandTopic, String stateTopic) {}

    @RegisterForReflection
    public record Assignment(
            UUID cameraId, String zone, UUID nodeId, String rtspUrl, String rtmpUrl, Instant assignedAt) {
        /** A camera's assignment on its node; null without a node. */
        public static Assignment of(Camera camera, Node node) {
            return node == null
                    ? null
                    : new Assignment(
                            camera.id,
                            camera.zoneId,
                            node.id,
                            node.rtspUrl(camera.id),
                            node.rtmpUrl(camera.id),
                            camera.assignedAt);
        }
    }

    @RegisterForReflection
    public record CameraRegistration(
            CameraView camera, DeviceCredentials credentials, Assignment assignment, MqttSettings mqtt) {}
}
