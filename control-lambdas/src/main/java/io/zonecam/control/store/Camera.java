package io.zonecam.control.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.DynamicUpdate;

/** Camera is a claimed device in an organization, with its assignment and the HMAC of its device secret. */
@Entity
@DynamicUpdate
@Table(name = "cameras")
public class Camera extends PanacheEntityBase {
    public static final String REGISTERED = "registered";
    public static final String ONLINE = "online";
    public static final String OFFLINE = "offline";
    /** {@link #liveViewProblem}: the stream has B-frames, which browsers cannot play live over WebRTC. */
    public static final String B_FRAMES = "b_frames";
    /** {@link #busState}: the camera said on the device bus that it is connected. */
    public static final String BUS_CONNECTED = "connected";

    @Id
    public UUID id;

    public UUID organizationId;
    public String serial;
    public String name;
    public String model;
    public int retentionDays;
    public String status;
    /** Where the camera is assigned: its zone and node (null while unplaced). */
    public String zoneId;

    public UUID nodeId;
    public Instant assignedAt;
    /** The node the camera is publishing to now, as nodes report it (may differ from {@code nodeId} in a move). */
    public UUID onlineNodeId;
    /**
     * Why the camera cannot be watched live, as the node it publishes to reports ({@link #B_FRAMES}); null when no
     * problem is known.
     */
    public String liveViewProblem;

    /** What the camera last said on its device-bus state topic: connected or disconnected; null until it reports. */
    public String busState;

    public String busPublishingTo;
    public String busCommandId;
    public Instant busReportedAt;

    public byte[] secretHash;
    public Instant createdAt;
    public Instant updatedAt;
    public Instant deletedAt;

    /** The camera if it is live (not deregistered) in the organization; null otherwise. */
    public static Uni<Camera> findLive(UUID organizationId, UUID cameraId) {
        return find("id = ?1 and organizationId = ?2 and deletedAt is null", cameraId, organizationId)
                .firstResult();
    }
}
