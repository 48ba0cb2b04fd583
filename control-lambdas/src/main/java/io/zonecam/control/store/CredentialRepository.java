package io.zonecam.control.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import java.util.function.Function;

/**
 * CredentialRepository looks up the stored hash of a credential. It runs on every authenticated call, before any
 * session exists, so it takes one indexed statement straight on the pool (no Hibernate session, no cache: a revoked
 * key fails on the very next call).
 */
@ApplicationScoped
public class CredentialRepository {

    /** A live (unrevoked) API key. */
    public record ApiKeyCredential(UUID id, UUID organizationId, String role, byte[] secretHash) {}

    /** A live camera's device secret; {@code secretHash} is null once the camera is deregistered. */
    public record DeviceCredential(UUID organizationId, byte[] secretHash) {}

    private final Pool pool;

    public CredentialRepository(Pool pool) {
        this.pool = pool;
    }

    /** The unrevoked key with this prefix, or null. */
    public Uni<ApiKeyCredential> apiKey(String prefix) {
        return first(
                "select id, organization_id, role, secret_hash from api_keys where prefix = $1 and revoked_at is null",
                prefix,
                r -> new ApiKeyCredential(
                        r.getUUID("id"), r.getUUID("organization_id"), r.getString("role"), bytes(r, "secret_hash")));
    }

    /** The hash of a zone's node enrollment key, or null when there is no such zone. */
    public Uni<byte[]> nodeKeyHash(String zone) {
        return first("select node_key_hash from zones where id = $1", zone, r -> bytes(r, "node_key_hash"));
    }

    /** The device secret of a live camera, or null. */
    public Uni<DeviceCredential> device(UUID cameraId) {
        return first(
                "select organization_id, secret_hash from cameras where id = $1 and deleted_at is null",
                cameraId,
                r -> new DeviceCredential(r.getUUID("organization_id"), bytes(r, "secret_hash")));
    }

    /**
     * Runs one lookup on a connection of its own. Not {@code pool.preparedQuery}: run straight on the pool, a query
     * arms a connection-timeout timer that a failed connect does not cancel, and when the timer fires it fails the
     * already failed query again ("Result is already complete", eclipse-vertx/vertx-sql-client#1706): one error per
     * authenticated call while the database is down. Taking a connection first cancels its timer either way.
     */
    private <T> Uni<T> first(String sql, Object key, Function<Row, T> map) {
        return pool.withConnection(conn -> conn.preparedQuery(sql).execute(Tuple.of(key)))
                .map(rows -> {
                    var it = rows.iterator();
                    return it.hasNext() ? map.apply(it.next()) : null;
                });
    }

    private static byte[] bytes(Row row, String column) {
        var buffer = row.getBuffer(column);
        return buffer == null ? null : buffer.getBytes();
    }
}
