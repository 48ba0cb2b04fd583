package io.zonecam.control.camera;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.zonecam.control.allocation.AllocationService;
import io.zonecam.control.allocation.FleetReader;
import io.zonecam.control.audit.AuditTrail;
import io.zonecam.control.camera.CameraModels.Assignment;
import io.zonecam.control.camera.CameraModels.CameraClaim;
import io.zonecam.control.camera.CameraModels.CameraRegistration;
import io.zonecam.control.camera.CameraModels.CameraView;
import io.zonecam.control.camera.CameraModels.DeviceCredentials;
import io.zonecam.control.camera.CameraModels.MqttSettings;
import io.zonecam.control.config.ZonecamConfig;
import io.zonecam.control.problem.ProblemException;
import io.zonecam.control.security.SecretHasher;
import io.zonecam.control.store.Camera;
import io.zonecam.control.store.ClaimRepository;
import io.zonecam.control.store.ClaimRepository.ClaimContext;
import io.zonecam.control.store.Node;
import io.zonecam.control.store.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * CameraClaims claims provisioned devices for organizations, in one transaction on the claim path's own SQL
 * ({@link ClaimRepository}): the busiest write of the control plane.
 */
@ApplicationScoped
public class CameraClaims {

    private static final Logger LOG = Logger.getLogger(CameraClaims.class);
    static final int DEFAULT_RETENTION_DAYS = 30;

    @Inject
    ClaimRepository claims;

    @Inject
    SecretHasher hasher;

    @Inject
    AllocationService allocation;

    @Inject
    ZonecamConfig config;

    /** A claim's outcome: the registration and whether the camera is new. */
    public record Claimed(CameraRegistration registration, boolean created) {}

    /**
     * Claims a provisioned device for an organization. The same serial and claim code again return the same camera
     * with a new device secret (the old one stops working); another organization's camera or a wrong code is refused.
     * {@code audit} appends the claim's audit entry in its transaction, on its connection.
     */
    public Uni<Claimed> claim(UUID organizationId, CameraClaim claim, AuditTrail.Appender<Claimed> audit) {
        return claims.inTransaction(conn -> claims.lockDevice(conn, claim.serial())
                .chain(device -> {
                    if (!hasher.matches(claim.claimCode(), device == null ? null : device.claimCodeHash())) {
                        // One answer for an unknown serial and a wrong code, so serials cannot be probed.
                        LOG.infof(
                                "claim of serial %s by organization %s refused: unknown serial or wrong claim code",
                                claim.serial(), organizationId);
                        throw ProblemException.conflict(
                                "claim-refused", "No claimable camera has this serial and claim code.");
                    }
                    return claims.read(conn, claim.serial(), organizationId)
                            .chain(context -> context.camera() != null
                                    ? reclaim(conn, organizationId, context)
                                    : create(conn, organizationId, claim, device.model(), context))
                            .call(claimed -> audit.append(conn, claimed));
                }));
    }

    /** The same claim again: the same camera with a new device secret (the old one stops working). */
    private Uni<Claimed> reclaim(SqlConnection conn, UUID organizationId, ClaimContext context) {
        Camera camera = context.camera();
        if (!camera.organizationId.equals(organizationId)) {
            throw ProblemException.conflict(
                    "claimed-elsewhere",
                    "This camera belongs to another organization; it must be deregistered there first.");
        }
        camera.updatedAt = Timestamps.now();
        String secret = SecretHasher.newSecret("zd_");
        return claims.rotateSecret(conn, camera.id, hasher.hash(secret), camera.updatedAt)
                .map(ignored -> {
                    LOG.infof("camera %s re-claimed by its organization: device secret rotated", camera.id);
                    return new Claimed(registration(camera, secret, context.node()), false);
                });
    }

    private Uni<Claimed> create(
            SqlConnection conn, UUID organizationId, CameraClaim claim, String model, ClaimContext context) {
        Camera camera = new Camera();
        camera.id = UUID.randomUUID();
        camera.organizationId = organizationId;
        camera.serial = claim.serial();
        camera.name = claim.name() != null ? claim.name().strip() : claim.serial();
        camera.model = model;
        camera.retentionDays = claim.retentionDays() != null ? claim.retentionDays() : DEFAULT_RETENTION_DAYS;
        camera.status = Camera.REGISTERED;
        camera.createdAt = Timestamps.now();
        camera.updatedAt = camera.createdAt;
        String homeZone = context.homeZone();
        String region = claim.region() != null ? claim.region() : context.region();
        String secret = SecretHasher.newSecret("zd_");
        camera.secretHash = hasher.hash(secret);
        return allocation
                .choose(FleetReader.of(conn), camera.id, homeZone, region)
                .chain(placement -> {
                    if (placement != null) {
                        camera.zoneId = placement.zoneId();
                        camera.nodeId = placement.nodeId();
                        camera.assignedAt = camera.createdAt;
                    }
                    return claims.insert(conn, camera)
                            .call(node -> placement == null || homeZone != null
                                    ? Uni.createFrom().voidItem()
                                    : claims.setHomeZone(conn, organizationId, placement.zoneId()))
                            .map(node -> {
                                LOG.infof(
                                        "camera %s (serial %s) registered in organization %s, zone %s",
                                        camera.id, camera.serial, organizationId, camera.zoneId);
                                return new Claimed(registration(camera, secret, node), true);
                            });
                });
    }

    private CameraRegistration registration(Camera camera, String secret, Node node) {
        MqttSettings mqtt = new MqttSettings(
                camera.id.toString(),
                config.mqtt().topicRoot() + "/" + camera.id + "/commands",
                config.mqtt().topicRoot() + "/" + camera.id + "/state");
        return new CameraRegistration(
                CameraView.of(camera), new DeviceCredentials(camera.id, secret), Assignment.of(camera, node), mqtt);
    }
}
