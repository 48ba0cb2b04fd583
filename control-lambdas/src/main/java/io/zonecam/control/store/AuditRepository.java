package io.zonecam.control.store;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * AuditRepository holds the SQL of the audit log (migration V9): one insert per audited call, on the caller's Panache
 * session and so in the transaction of the action it records; node access records as one set-based statement per
 * batch; and the keyset search behind the API and the export. Rows are never updated (the table refuses it).
 */
@ApplicationScoped
public class AuditRepository {

    /** An audit entry as stored; {@code details} is a JSON object as text or null. */
    public record StoredEntry(
            UUID id,
            Instant occurredAt,
            String action,
            String actor,
            UUID cameraId,
            UUID targetId,
            UUID tokenId,
            Instant rangeFrom,
            Instant rangeTo,
            String clientAddress,
            UUID nodeId,
            Instant endedAt,
            Long bytes,
            String details) {}

    /** A search: the organization, then optional camera, action, actor, time range [from, to) and position. */
    public record Search(
            UUID organizationId,
            UUID cameraId,
            String action,
            String actor,
            Instant from,
            Instant to,
            Instant beforeAt,
            UUID beforeId) {}

    /** Node access records of one batch, column by column (arrays of equal length). */
    public record AccessBatch(
            UUID[] ids,
            UUID[] tokenIds,
            UUID[] cameraIds,
            String[] actions,
            String[] startedAt,
            String[] endedAt,
            Long[] bytes,
            String[] clientAddresses) {}

    /** What became of an access batch: rows of cameras of the zone (stored now or before) and rows new now. */
    public record AccessOutcome(long ofZone, long inserted) {}

    private static final String COLUMNS = "id, occurred_at, action, actor, camera_id, target_id, token_id, range_from, "
            + "range_to, client_address, node_id, ended_at, bytes, cast(details as text)";

    /** The append: named parameters, in the order of {@link #APPEND_PARAMS} for the reactive client's {@code $n}. */
    private static final String APPEND = "insert into audit_log (id, organization_id, occurred_at, action, actor, "
            + "camera_id, target_id, token_id, range_from, range_to, client_address, details) "
            + "select cast(:id as uuid), cast(:org as uuid), clock_timestamp(), cast(:action as text), "
            + "cast(:actor as text), coalesce(cast(:camera as uuid), s.camera_id), cast(:target as uuid), "
            + "coalesce(cast(:token as uuid), s.token_id), cast(:rfrom as timestamptz), cast(:rto as timestamptz), "
            + "cast(:address as text), cast(cast(:details as text) as jsonb) "
            + "from (select 1) one left join share_links s on s.id = cast(:target as uuid) "
            + "and s.organization_id = cast(:org as uuid)";

    private static final List<String> APPEND_PARAMS =
            List.of("id", "org", "action", "actor", "camera", "target", "token", "rfrom", "rto", "address", "details");
    private static final String APPEND_NUMBERED = numbered(APPEND, APPEND_PARAMS);

    /**
     * Appends one entry of the organization. A share link's camera and token id, when not given, are taken from the
     * link ({@code target}), so revocations name them too.
     */
    public Uni<Void> append(UUID organizationId, StoredEntry e) {
        List<Object> values = appendValues(organizationId, e);
        // Flushed first: the entry reads what the action wrote in this transaction (a new share link's token).
        return Panache.getSession()
                .chain(s -> s.flush().replaceWith(s))
                .chain(s -> {
                    var query = s.createNativeQuery(APPEND);
                    for (int i = 0; i < APPEND_PARAMS.size(); i++) {
                        query.setParameter(APPEND_PARAMS.get(i), values.get(i));
                    }
                    return query.executeUpdate();
                })
                .replaceWithVoid();
    }

    /**
     * {@link #append(UUID, StoredEntry)} on a connection of the reactive client, in the transaction open there: for
     * actions that run their own SQL transaction rather than a Panache session (claims, {@link ClaimRepository}).
     */
    public Uni<Void> append(SqlClient conn, UUID organizationId, StoredEntry e) {
        List<Object> values = appendValues(organizationId, e).stream()
                .map(v -> v instanceof Instant i ? i.atOffset(ZoneOffset.UTC) : v)
                .toList();
        return conn.preparedQuery(APPEND_NUMBERED).execute(Tuple.from(values)).replaceWithVoid();
    }

    private static List<Object> appendValues(UUID organizationId, StoredEntry e) {
        return Arrays.asList(
                e.id(),
                organizationId,
                e.action(),
                e.actor(),
                e.cameraId(),
                e.targetId(),
                e.tokenId(),
                e.rangeFrom(),
                e.rangeTo(),
                e.clientAddress(),
                e.details());
    }

    /** The statement with each {@code :name} replaced by {@code $n}, n its place in {@code names} (from 1). */
    private static String numbered(String sql, List<String> names) {
        String out = sql;
        for (int i = 0; i < names.size(); i++) {
            out = out.replaceAll(":" + names.get(i) + "\\b", "\\$" + (i + 1));
        }
        return out;
    }

    /**
     * Stores a node's access records of cameras in {@code zone}, each under its camera's organization (never one the
     * node names) and naming as actor whoever the token was issued to; a record whose id is stored already is kept as
     * it was (a retried batch). Records of cameras outside the zone are not stored.
     */
    public Uni<AccessOutcome> appendAccess(String zone, UUID nodeId, AccessBatch b) {
        String sql = "with r as (select * from unnest(cast(:ids as uuid[]), cast(:tokens as uuid[]), "
                + "cast(:cams as uuid[]), cast(:actions as text[]), cast(:starts as text[]), cast(:ends as text[]), "
                + "cast(:bytes as bigint[]), cast(:addrs as text[])) "
                + "as r(id, token_id, camera_id, action, started, ended, bytes, addr)), "
                + "src as (select r.*, c.organization_id from r join cameras c on c.id = r.camera_id "
                + "and c.zone_id = :zone), "
                + "ins as (insert into audit_log (id, organization_id, occurred_at, action, actor, camera_id, token_id, "
                + "client_address, node_id, ended_at, bytes) "
                + "select s.id, s.organization_id, cast(s.started as timestamptz), s.action, "
                + "coalesce((select a.actor from audit_log a where a.token_id = s.token_id "
                + "and a.organization_id = s.organization_id and a.node_id is null order by a.occurred_at limit 1), "
                + "'token'), s.camera_id, s.token_id, s.addr, :node, cast(s.ended as timestamptz), s.bytes from src s "
                + "on conflict do nothing returning 1) "
                + "select (select count(*) from src), (select count(*) from ins)";
        return Panache.getSession()
                .chain(s -> s.createNativeQuery(sql, Object[].class)
                        .setParameter("ids", b.ids())
                        .setParameter("tokens", b.tokenIds())
                        .setParameter("cams", b.cameraIds())
                        .setParameter("actions", b.actions())
                        .setParameter("starts", b.startedAt())
                        .setParameter("ends", b.endedAt())
                        .setParameter("bytes", b.bytes())
                        .setParameter("addrs", b.clientAddresses())
                        .setParameter("zone", zone)
                        .setParameter("node", nodeId)
                        .getSingleResult())
                .map(row -> new AccessOutcome(((Number) row[0]).longValue(), ((Number) row[1]).longValue()));
    }

    /** One page of entries, newest first: at most {@code limit} rows. */
    public Uni<List<StoredEntry>> search(Search q, int limit) {
        return new NewestFirst("select " + COLUMNS + " from audit_log", q.organizationId())
                .equal("camera_id", q.cameraId())
                .equal("action", q.action())
                .equal("actor", q.actor())
                .range(q.from(), q.to())
                .page(q.beforeAt(), q.beforeId(), limit)
                .map(rows -> rows.stream().map(AuditRepository::entry).toList());
    }

    private static StoredEntry entry(Object[] r) {
        return new StoredEntry(
                (UUID) r[0],
                instant(r[1]),
                (String) r[2],
                (String) r[3],
                (UUID) r[4],
                (UUID) r[5],
                (UUID) r[6],
                instant(r[7]),
                instant(r[8]),
                (String) r[9],
                (UUID) r[10],
                instant(r[11]),
                r[12] == null ? null : ((Number) r[12]).longValue(),
                (String) r[13]);
    }

    private static Instant instant(Object value) {
        return value == null ? null : EventRepository.instant(value);
    }
}
