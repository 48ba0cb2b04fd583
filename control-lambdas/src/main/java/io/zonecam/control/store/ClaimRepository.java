package io.zonecam.control.store;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.UUID;
import java.util.function.Function;

/**
 * ClaimRepository is the claim transaction's SQL, on the reactive client without Hibernate. Claims are the control
 * plane's busiest write (whole fleets are registered at once; claims per second in the README's benchmark table), so
 * this path takes three statements where the entity layer took six, with no entity bookkeeping: lock the device, read
 * its camera (with its node) and the organization in one query, insert the camera and count it on its node
 * (returning the node's address) in one; the audit entry is appended in the same transaction
 * ({@code AuditTrail.on}). A claim holds this one pooled connection and no Hibernate session: with a session's
 * connection held as well, the pool's connections could all be held by claims each waiting for its second one.
 */
@ApplicationScoped
public class ClaimRepository {

    // Locks the device row so that concurrent claims of one serial run one after the other; the next statement then
    // starts a new snapshot and sees the first claim's camera, instead of tripping over the live-serial index.
    private static final String LOCK_DEVICE = "select claim_code_hash, model from devices where serial = $1 for update";
    private static final String READ_CLAIM = "select o.home_zone, o.region, " + CameraRow.columns("c")
            + ", n.host, n.rtsp_port, n.rtmp_port "
            + "from organizations o left join cameras c on c.serial = $1 and c.deleted_at is null "
            + "left join nodes n on n.id = c.node_id "
            + "where o.id = $2";
    private static final String INSERT = "insert into cameras (id, organization_id, serial, name, model, "
            + "retention_days, status, zone_id, node_id, assigned_at, secret_hash, created_at, updated_at) "
            + "values ($1, $2, $3, $4, $5, $6, 'registered', $7, $8, $9, $10, $11, $11)";
    // The insert of a placed camera and the count on its node, in one statement (one round trip fewer per claim).
    private static final String INSERT_COUNTED = "with placed as (" + INSERT + " returning node_id) "
            + "update nodes set assigned_cameras = assigned_cameras + 1 where id = (select node_id from placed) "
            + "returning host, rtsp_port, rtmp_port";
    private static final String SET_HOME_ZONE =
            "update organizations set home_zone = $1 where id = $2 and home_zone is null";
    private static final String ROTATE_SECRET = "update cameras set secret_hash = $1, updated_at = $2 where id = $3";

    /** A provisioned device: the hash of its claim code and its model. */
    public record ClaimableDevice(byte[] claimCodeHash, String model) {}

    /**
     * What a claim needs to know: the organization's home zone and region, and the serial's live camera (detached,
     * null when none) with its node's address (null without a node).
     */
    public record ClaimContext(String homeZone, String region, Camera camera, Node node) {}

    private final Pool pool;

    public ClaimRepository(Pool pool) {
        this.pool = pool;
    }

    /** Runs the work in one transaction on one pooled connection. */
    public <T> Uni<T> inTransaction(Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(work);
    }

    /** Locks the device of a serial until the transaction ends; null when no device has the serial. */
    public Uni<ClaimableDevice> lockDevice(SqlConnection conn, String serial) {
        return conn.preparedQuery(LOCK_DEVICE).execute(Tuple.of(serial)).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            Row row = rows.iterator().next();
            return new ClaimableDevice(row.getBuffer("claim_code_hash").getBytes(), row.getString("model"));
        });
    }

    /** The organization's placement preferences and the serial's live camera, if any. */
    public Uni<ClaimContext> read(SqlConnection conn, String serial, UUID organizationId) {
        return conn.preparedQuery(READ_CLAIM)
                .execute(Tuple.of(serial, organizationId))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    Camera camera = row.getUUID("id") == null ? null : CameraRow.camera(row);
                    return new ClaimContext(
                            row.getString("home_zone"),
                            row.getString("region"),
                            camera,
                            camera == null ? null : address(camera.nodeId, row));
                });
    }

    /**
     * Inserts a new camera ({@code status} registered, {@code updatedAt} = {@code createdAt}) and, when it is placed,
     * counts it on its node in the same statement; returns the node's ingest address, null for an unplaced camera.
     */
    public Uni<Node> insert(SqlConnection conn, Camera camera) {
        return conn.preparedQuery(camera.nodeId == null ? INSERT : INSERT_COUNTED)
                .execute(Tuple.from(Arrays.asList(
                        camera.id,
                        camera.organizationId,
                        camera.serial,
                        camera.name,
                        camera.model,
                        camera.retentionDays,
                        camera.zoneId,
                        camera.nodeId,
                        time(camera.assignedAt),
                        Buffer.buffer(camera.secretHash),
                        time(camera.createdAt))))
                .map(rows -> camera.nodeId == null
                        ? null
                        : address(camera.nodeId, rows.iterator().next()));
    }

    /** Gives the organization its home zone, unless it has one. */
    public Uni<Void> setHomeZone(SqlConnection conn, UUID organizationId, String zoneId) {
        return conn.preparedQuery(SET_HOME_ZONE)
                .execute(Tuple.of(zoneId, organizationId))
                .replaceWithVoid();
    }

    /** Replaces a camera's device secret hash. */
    public Uni<Void> rotateSecret(SqlConnection conn, UUID cameraId, byte[] secretHash, Instant updatedAt) {
        return conn.preparedQuery(ROTATE_SECRET)
                .execute(Tuple.of(Buffer.buffer(secretHash), time(updatedAt), cameraId))
                .replaceWithVoid();
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

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
