package io.zonecam.control.camera;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.zonecam.control.allocation.AllocationService;
import io.zonecam.control.allocation.AllocationService.Placement;
import io.zonecam.control.allocation.FleetReader;
import io.zonecam.control.camera.CameraModels.Assignment;
import io.zonecam.control.camera.CameraModels.CameraClaim;
import io.zonecam.control.camera.CameraModels.CameraRegistration;
import io.zonecam.control.camera.CameraModels.CameraView;
import io.zonecam.control.camera.CameraModels.DeviceCredentials;
import io.zonecam.control.camera.CameraModels.MqttSettings;
import io.zonecam.control.camera.CameraService.Claimed;
import io.zonecam.control.config.ZonecamConfig;
import io.zonecam.control.fleet.Node;
import io.zonecam.control.problem.ProblemException;
import io.zonecam.control.security.SecretHasher;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * CameraClaims is the claim transaction in plain SQL. Claims are the control plane's busiest write (whole fleets are
 * registered at once), so this path takes four statements where the entity layer took six, with no entity
 * bookkeeping: lock the device, read its camera (with its node) and the organization in one query, insert, count the
 * camera on its node (returning the node's address).
 */
@ApplicationScoped
public class CameraClaims {

    private static final Logger LOG = Logger.getLogger(CameraClaims.class);

    // Locks the device row so that concurrent claims of one serial run one after the other; the next statement then
    // starts a new snapshot and sees the first claim's camera, instead of tripping over the live-serial index.
    private static final String LOCK_DEVICE = "select claim_code_hash, model from devices where serial = $1 for update";
    private static final String READ_CLAIM = "select o.home_zone, o.region, c.id, c.organization_id, c.name, c.model, "
            + "c.retention_days, c.status, c.zone_id, c.node_id, c.assigned_at, c.created_at, "
            + "n.host, n.rtsp_port, n.rtmp_port "
            + "from organizations o left join cameras c on c.serial = $1 and c.deleted_at is null "
            + "left join nodes n on n.id = c.node_id "
            + "where o.id = $2";
    private static final String INSERT = "insert into cameras (id, organization_id, serial, name, model, "
            + "retention_days, status, zone_id, node_id, assigned_at, secret_hash, created_at, updated_at) "
            + "values ($1, $2, $3, $4, $5, $6, 'registered', $7, $8, $9, $10, $11, $11)";
    private static final String COUNT_ON_NODE = "update nodes set assigned_cameras = assigned_cameras + 1 "
            + "where id = $1 returning host, rtsp_port, rtmp_port";
    private static final String SET_HOME_ZONE =
            "update organizations set home_zone = $1 where id = $2 " + "and home_zone is null";
    private static final String ROTATE_SECRET = "update cameras set secret_hash = $1, updated_at = $2 where id = $3";

    private final Pool pool;
    private final SecretHasher hasher;
    private final AllocationService allocation;
    private final String topicRoot;

    public CameraClaims(Pool pool, SecretHasher hasher, AllocationService allocation, ZonecamConfig config) {
        this.pool = pool;
        this.hasher = hasher;
        this.allocation = allocation;
        this.topicRoot = config.mqtt().topicRoot();
    }

    /** See {@link CameraService#register}. */
    public Uni<Claimed> claim(UUID organizationId, CameraClaim claim) {
        return pool.withTransaction(conn -> conn.preparedQuery(LOCK_DEVICE)
                .execute(Tuple.of(claim.serial()))
                .chain(devices -> {
                    Row device = devices.size() == 0 ? null : devices.iterator().next();
                    byte[] codeHash = device == null
                            ? null
                            : device.getBuffer("claim_code_hash").getBytes();
                    if (!hasher.matches(claim.claimCode(), codeHash)) {
                        // One answer for an unknown serial and a wrong code, so serials cannot be probed.
                        LOG.infof(
                                "claim of serial %s by organization %s refused: unknown serial or wrong claim code",
                                claim.serial(), organizationId);
                        throw ProblemException.conflict(
                                "claim-refused", "No claimable camera has this serial and claim code.");
                    }
                    return conn.preparedQuery(READ_CLAIM)
                            .execute(Tuple.of(claim.serial(), organizationId))
                            .chain(rows -> {
                                Row row = rows.iterator().next();
                                return row.getUUID("id") != null
                                        ? reclaim(conn, organizationId, claim.serial(), row)
                                        : create(conn, organizationId, claim, device.getString("model"), row);
                            });
                }));
    }

    /** The same claim again: the same camera with a new device secret (the old one stops working). */
    private Uni<Claimed> reclaim(SqlConnection conn, UUID organizationId, String serial, Row row) {
        Camera camera = new Camera();
        camera.id = row.getUUID("id");
        camera.organizationId = row.getUUID("organization_id");
        if (!camera.organizationId.equals(organizationId)) {
            throw ProblemException.conflict(
                    "claimed-elsewhere",
                    "This camera belongs to another organization; it must be deregistered there first.");
        }
        camera.serial = serial;
        camera.name = row.getString("name");
        camera.model = row.getString("model");
        camera.retentionDays = row.getInteger("retention_days");
        camera.status = row.getString("status");
        camera.zoneId = row.getString("zone_id");
        camera.nodeId = row.getUUID("node_id");
        camera.assignedAt = instant(row.getOffsetDateTime("assigned_at"));
        camera.createdAt = instant(row.getOffsetDateTime("created_at"));
        camera.updatedAt = CameraService.now();
        String secret = SecretHasher.newSecret("zd_");
        return conn.preparedQuery(ROTATE_SECRET)
                .execute(Tuple.of(Buffer.buffer(hasher.hash(secret)), time(camera.updatedAt), camera.id))
                .map(ignored -> {
                    LOG.infof("camera %s re-claimed by its organization: device secret rotated", camera.id);
                    return new Claimed(registration(camera, secret, address(camera.nodeId, row)), false);
                });
    }

    private Uni<Claimed> create(SqlConnection conn, UUID organizationId, CameraClaim claim, String model, Row row) {
        Camera camera = new Camera();
        camera.id = UUID.randomUUID();
        camera.organizationId = organizationId;
        camera.serial = claim.serial();
        camera.name = claim.name() != null ? claim.name().strip() : claim.serial();
        camera.model = model;
        camera.retentionDays =
                claim.retentionDays() != null ? claim.retentionDays() : CameraService.DEFAULT_RETENTION_DAYS;
        camera.status = "registered";
        camera.createdAt = CameraService.now();
        camera.updatedAt = camera.createdAt;
        String homeZone = row.getString("home_zone");
        String region = claim.region() != null ? claim.region() : row.getString("region");
        String secret = SecretHasher.newSecret("zd_");
        return allocation
                .choose(FleetReader.of(conn), camera.id, homeZone, region)
                .chain(placement -> {
                    if (placement != null) {
                        camera.zoneId = placement.zoneId();
                        camera.nodeId = placement.nodeId();
                        camera.assignedAt = camera.createdAt;
                    }
                    Tuple insert = Tuple.from(Arrays.asList(
                            camera.id,
                            organizationId,
                            camera.serial,
                            camera.name,
                            camera.model,
                            camera.retentionDays,
                            camera.zoneId,
                            camera.nodeId,
                            time(camera.assignedAt),
                            Buffer.buffer(hasher.hash(secret)),
                            time(camera.createdAt)));
                    return conn.preparedQuery(INSERT)
                            .execute(insert)
                            .chain(() -> placement == null
                                    ? Uni.createFrom().<Node>nullItem()
                                    : countOnNode(conn, placement))
                            .call(node -> placement == null || homeZone != null
                                    ? Uni.createFrom().voidItem()
                                    : conn.preparedQuery(SET_HOME_ZONE)
                                            .execute(Tuple.of(placement.zoneId(), organizationId)))
                            .map(node -> {
                                LOG.infof(
                                        "camera %s (serial %s) registered in organization %s, zone %s",
                                        camera.id, camera.serial, organizationId, camera.zoneId);
                                return new Claimed(registration(camera, secret, node), true);
                            });
                });
    }

    private static Uni<Node> countOnNode(SqlConnection conn, Placement placement) {
        return conn.preparedQuery(COUNT_ON_NODE)
                .execute(Tuple.of(placement.nodeId()))
                .map(rows -> address(placement.nodeId(), rows.iterator().next()));
    }

    /** A node's ingest address from a row with its host and ports; null when the row has none. */
    private static Node address(UUID nodeId, Row row) {
        if (row.getString("host") == null) {
            return null;
        }
        Node node = new Node();
        node.id = nodeId;
        node.host = row.getString("host");
        node.rtspPort = row.getInteger("rtsp_port");
        node.rtmpPort = row.getInteger("rtmp_port");
        return node;
    }

    private CameraRegistration registration(Camera camera, String secret, Node node) {
        MqttSettings mqtt = new MqttSettings(
                camera.id.toString(),
                topicRoot + "/" + camera.id + "/commands",
                topicRoot + "/" + camera.id + "/state");
        return new CameraRegistration(
                CameraView.of(camera), new DeviceCredentials(camera.id, secret), Assignment.of(camera, node), mqtt);
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
