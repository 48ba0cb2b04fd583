package io.zonecam.control.device;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.zonecam.contracts.token.TokenKind;
import io.zonecam.control.allocation.AllocationService;
import io.zonecam.control.config.ZonecamConfig;
import io.zonecam.control.device.DeviceModels.DeviceProvisioningResult;
import io.zonecam.control.device.DeviceModels.DeviceToken;
import io.zonecam.control.device.DeviceModels.ProvisionedDevice;
import io.zonecam.control.problem.ProblemException;
import io.zonecam.control.security.ClaimCodes;
import io.zonecam.control.security.SecretHasher;
import io.zonecam.control.security.TokenKeys;
import io.zonecam.control.store.Camera;
import io.zonecam.control.store.Device;
import io.zonecam.control.store.Node;
import io.zonecam.control.store.Organization;
import io.zonecam.control.store.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/** DeviceService issues device tokens to cameras and records provisioned devices. */
@ApplicationScoped
public class DeviceService {

    private static final Logger LOG = Logger.getLogger(DeviceService.class);

    @Inject
    TokenKeys keys;

    @Inject
    AllocationService allocation;

    @Inject
    SecretHasher hasher;

    @Inject
    ZonecamConfig config;

    /**
     * A device token for the camera and its ingest URLs. A camera without a live node (its node died, or no node had
     * room when it registered) is placed first.
     */
    @WithTransaction
    public Uni<DeviceToken> token(UUID cameraId) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return Camera.<Camera>find("id = ?1 and deletedAt is null", cameraId)
                .<Camera>firstResult()
                .onItem()
                .ifNull()
                .failWith(() -> ProblemException.unauthorized("Missing or invalid credentials."))
                .chain(camera -> liveNode(camera, now)
                        .chain(node -> {
                            if (node != null) {
                                return Uni.createFrom().item(node);
                            }
                            return Organization.<Organization>findById(camera.organizationId)
                                    .chain(org -> allocation
                                            .release(camera.nodeId)
                                            .invoke(() -> {
                                                camera.nodeId = null;
                                                camera.zoneId = null;
                                            })
                                            .chain(() -> place(camera, org)))
                                    .chain(placed -> liveNode(camera, now));
                        })
                        .map(node -> {
                            if (node == null) {
                                throw ProblemException.conflict(
                                        "unassigned", "No stream node can take this camera now; retry in a minute.");
                            }
                            TokenKeys.Issued device = keys.issue(
                                    TokenKind.DEVICE,
                                    camera.id,
                                    camera.organizationId,
                                    camera.zoneId,
                                    null,
                                    null,
                                    now,
                                    config.tokens().deviceTtl());
                            String query = "?token=" + URLEncoder.encode(device.token(), StandardCharsets.US_ASCII);
                            return new DeviceToken(
                                    camera.id,
                                    device.token(),
                                    device.expiresAt(),
                                    camera.zoneId,
                                    node.id,
                                    node.rtspUrl(camera.id) + query,
                                    node.rtmpUrl(camera.id) + query);
                        }));
    }

    /**
     * Gives a camera a zone and a node (it has no live one), and its organization a home zone if it has none; leaves
     * it unassigned when no zone has room.
     */
    private Uni<Void> place(Camera camera, Organization org) {
        return allocation
                .place(camera.id, org.homeZone, org.region)
                .invoke(p -> {
                    if (p != null) {
                        camera.zoneId = p.zoneId();
                        camera.nodeId = p.nodeId();
                        camera.assignedAt = Timestamps.now();
                        if (org.homeZone == null) {
                            org.homeZone = p.zoneId();
                        }
                    }
                })
                .replaceWithVoid();
    }

    private static Uni<Node> liveNode(Camera camera, Instant now) {
        if (camera.nodeId == null) {
            return Uni.createFrom().nullItem();
        }
        return Node.<Node>findById(camera.nodeId).map(n -> n != null && n.takesCameras(now) ? n : null);
    }

    /** Adds devices not yet known; known serials keep their claim code. */
    @WithTransaction
    public Uni<DeviceProvisioningResult> provision(List<ProvisionedDevice> devices) {
        devices.forEach(d -> ClaimCodes.requireVaried("claimCode", d.claimCode()));
        Map<String, ProvisionedDevice> bySerial = new LinkedHashMap<>();
        devices.forEach(d -> bySerial.putIfAbsent(d.serial(), d));
        return Device.<Device>list("serial in ?1", List.copyOf(bySerial.keySet()))
                .chain(existing -> {
                    Set<String> known = new HashSet<>();
                    existing.forEach(d -> known.add(d.serial));
                    Instant now = Timestamps.now();
                    List<Device> added = bySerial.values().stream()
                            .filter(d -> !known.contains(d.serial()))
                            .map(d -> {
                                Device device = new Device();
                                device.serial = d.serial();
                                device.claimCodeHash = hasher.hash(d.claimCode());
                                device.model = d.model();
                                device.provisionedAt = now;
                                return device;
                            })
                            .toList();
                    LOG.infof("provisioned %d devices (%d already known)", added.size(), devices.size() - added.size());
                    return Device.persist(added)
                            .replaceWith(new DeviceProvisioningResult(added.size(), devices.size() - added.size()));
                });
    }
}
