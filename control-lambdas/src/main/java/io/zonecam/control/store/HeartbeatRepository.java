package io.zonecam.control.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * HeartbeatRepository is the node heartbeat's SQL, on the reactive client without Hibernate: at a million cameras
 * 2,000 nodes send one each every 10 s, each with the list of the (about 500) cameras publishing on it, and through
 * Hibernate this path took about 45 % of the control plane's core (JFR, issue 14) for work that is a handful of
 * statements. A heartbeat is now two round trips plus its transaction's: {@link #check} (the zone's watch, the node's
 * state and whether its zone has an expired lease, one autocommit statement, so the zone row is locked for that
 * statement alone) and {@link #beat} (the node row, then its cameras, in one transaction; the node row, the presence
 * read and the revoked tokens are sent pipelined). Only cameras whose presence changed are written, each statement
 * set-based over arrays of ids. A sweep of the zone (rare: a lease ran out) stays on Panache in
 * {@code FleetService}, in a transaction of its own before {@link #beat}; both keep the lock order zone, nodes by id,
 * cameras ({@link FleetRepository#lockZone}). Camera events are recorded in the statements that cause them, with
 * {@link EventRepository}'s statement, its named parameters bound positionally ({@link NamedSql}).
 */
@ApplicationScoped
public class HeartbeatRepository {

    /**
     * {@link Zone#watch} for a heartbeat (its row written at most once a second, the old watch kept unless the
     * control plane was blind longer than {@code blindAfter}), then the node of the zone: its state, when the zone's
     * unbroken watch began, and whether the zone has an active or draining node whose lease ran out. No row when the
     * node is not the zone's; the watch is recorded anyway.
     */
    private static final String CHECK = "with moved as (update zones set watched_since = case when watched_since "
            + "is null or watched_at is null or watched_at < $3 then $2 else watched_since end, watched_at = $2 "
            + "where id = $1 and (watched_since is null or watched_at is null or watched_at < $4) "
            + "returning watched_since) "
            + "select n.state, coalesce((select watched_since from moved), "
            + "(select watched_since from zones where id = $1)) as watched_since, "
            + "exists (select 1 from nodes x where x.zone_id = $1 and x.state in ('active', 'draining') "
            + "and x.lease_expires_at < $2) as expired "
            + "from nodes n where n.id = $5 and n.zone_id = $1";

    /** Renews the lease with the load; a draining node with no camera left is drained. None when it is dead. */
    private static final String RENEW = "update nodes n set load_cameras = $2, load_ingress_bps = $3, "
            + "load_egress_bps = $4, load_viewers = $5, load_cpu = $6, last_heartbeat_at = $7, lease_expires_at = $8, "
            + "suspect_since = null, state = case when n.state = '" + Node.DRAINING + "' and n.assigned_cameras = 0 "
            + "and $2 = 0 then '" + Node.DRAINED + "' else n.state end from nodes o "
            + "where o.id = n.id and n.id = $1 and n.state <> '" + Node.DEAD + "' "
            + "returning n.state, o.state as was, n.assigned_cameras";

    /**
     * What a node's report changes against the cameras stored as publishing at it, in one pass over both (a hash full
     * join): the reported cameras not yet online there ({@code gone} false; unknown or deregistered ones are dropped
     * by the update that follows) and the cameras stored at the node that it no longer reports ({@code gone} true).
     * A steady report matches every row and returns none, so a heartbeat writes no camera.
     */
    private static final String PRESENCE_CHANGES = "select coalesce(r.id, c.id) as id, r.id is null as gone "
            + "from (select distinct unnest(cast($1 as uuid[])) as id) r "
            + "full join (select id, status, deleted_at from cameras where online_node_id = $2) c on c.id = r.id "
            + "where r.id is null or c.id is null or (c.status <> 'online' and c.deleted_at is null)";

    /** The revoked share links' token ids that could still be accepted, expiring last first. */
    private static final String REVOKED = "select token_id from share_links where revoked_at is not null "
            + "and expires_at > $1 order by expires_at desc limit $2";

    /** Marks cameras online at the node where they are not yet, ending a gap the control plane began. */
    private static final String CAME_ONLINE = EventRepository.recordTypedStatement(
            "changed as (update cameras c set status = 'online', online_node_id = :node, updated_at = :now, "
                    + "gap_reason = case when c.gap_reason = '" + FleetRepository.GAP_RECORDING_FAILED
                    + "' then c.gap_reason end, gap_since = case when "
                    + "c.gap_reason = '" + FleetRepository.GAP_RECORDING_FAILED + "' then c.gap_since end "
                    + "from cameras o where o.id = c.id and c.id = any(:ids) and c.deleted_at is null "
                    + "and (c.status <> 'online' or c.online_node_id is distinct from :node) "
                    + "returning c.organization_id, c.id, o.status as was, o.gap_reason as gap, "
                    + "o.gap_since as since), "
                    + "src as (select organization_id, id as camera_id, cast(:now as timestamptz) as occurred_at, "
                    + "'" + EventRepository.CAMERA_ONLINE + "' as type, "
                    + "jsonb_build_object('nodeId', cast(:node as uuid)) as data from changed where was <> 'online' "
                    + "union all select organization_id, id, cast(:now as timestamptz), "
                    + "'" + EventRepository.RECORDING_GAP_ENDED + "', jsonb_build_object('nodeId', "
                    + "cast(:node as uuid), 'reason', gap, 'since', since) from changed "
                    + "where gap is not null and gap <> '" + FleetRepository.GAP_RECORDING_FAILED + "')");

    /** Takes the cameras that left the node offline, beginning a gap ({@link FleetRepository#offlineSource}). */
    private static final String LEFT = EventRepository.recordTypedStatement(
            FleetRepository.offlineSource("c.online_node_id = :node and c.id = any(:ids)"));

    /** The live-view health of the cameras publishing at the node: the listed ones have B-frames. */
    private static final String B_FRAMES = "update cameras set live_view_problem = case when id = any($3) then $4 "
            + "end, updated_at = $2 where online_node_id = $1 and deleted_at is null "
            + "and live_view_problem is distinct from (case when id = any($3) then $4 end)";

    /**
     * Camera states heard on the device bus, any node's report for any camera; a report older than the one held is
     * ignored; a change of connection records {@code camera.bus.online} or {@code camera.bus.offline} at the reported
     * time with the node that heard it. One statement for the batch.
     */
    private static final String BUS_STATES = EventRepository.recordTypedStatement(
            "changed as (update cameras c set bus_state = b.state, bus_publishing_to = nullif(b.target, ''), "
                    + "bus_command_id = nullif(b.command, ''), "
                    + "bus_reported_at = cast(b.at as timestamptz), updated_at = :now "
                    + "from unnest(cast(:ids as uuid[]), cast(:kinds as text[]), cast(:targets as text[]), "
                    + "cast(:commands as text[]), cast(:times as text[])) "
                    + "as b(id, state, target, command, at), cameras o "
                    + "where o.id = c.id and c.id = b.id and c.deleted_at is null "
                    + "and (c.bus_reported_at is null or c.bus_reported_at <= cast(b.at as timestamptz)) "
                    + "returning c.organization_id, c.id, b.state, o.bus_state as was, "
                    + "cast(b.at as timestamptz) as at, nullif(b.target, '') as target), "
                    + "src as (select organization_id, id as camera_id, at as occurred_at, "
                    + "case when state = 'connected' then '" + EventRepository.CAMERA_BUS_ONLINE + "' "
                    + "else '" + EventRepository.CAMERA_BUS_OFFLINE + "' end as type, "
                    + "jsonb_strip_nulls(jsonb_build_object('nodeId', cast(:node as uuid), "
                    + "'publishingTo', target)) as data from changed "
                    + "where state is distinct from was and (state = 'connected' or was = 'connected'))");

    /** A camera's state as heard on the device bus. */
    public record BusState(UUID cameraId, String state, String publishingTo, String commandId, Instant reportedAt) {}

    /**
     * What a node reports: its load, and (each null when not reported) the cameras publishing on it, those of them
     * with B-frames, and the bus states it heard.
     */
    public record Report(
            int cameras,
            long ingressBps,
            long egressBps,
            int viewers,
            double cpu,
            List<UUID> online,
            List<UUID> withBFrames,
            List<BusState> busStates) {}

    /** The node of the zone as a heartbeat finds it: its state, its zone's watch, an expired lease in the zone. */
    public record Checked(String state, Instant watchedSince, boolean zoneHasExpired) {}

    /** A renewed node: its state now and before, its assigned cameras, and the revoked token ids (at most a limit). */
    public record Renewed(String state, String was, int assignedCameras, List<UUID> revokedTokens) {}

    private final Pool pool;

    public HeartbeatRepository(Pool pool) {
        this.pool = pool;
    }

    /** Records the zone's watch at {@code now} and reads the node of the zone ({@link #CHECK}); null: no such node. */
    public Uni<Checked> check(String zoneId, UUID nodeId, Instant now, Duration blindAfter) {
        Duration step = blindAfter.compareTo(Duration.ofSeconds(1)) < 0 ? blindAfter : Duration.ofSeconds(1);
        Tuple args = Tuple.of(zoneId, utc(now), utc(now.minus(blindAfter)), utc(now.minus(step)), nodeId);
        return pool.withConnection(c -> c.preparedQuery(CHECK).execute(args)).map(rows -> {
            var it = rows.iterator();
            if (!it.hasNext()) {
                return null;
            }
            Row r = it.next();
            return new Checked(
                    r.getString("state"), r.getOffsetDateTime("watched_since").toInstant(), r.getBoolean("expired"));
        });
    }

    /**
     * Renews the node's lease until {@code leaseExpiresAt} with its report and applies the report to its cameras, in
     * one transaction; reads at most {@code maxRevoked} ids of revoked tokens expiring after {@code revokedAfter}.
     * Null when the node is dead.
     */
    public Uni<Renewed> beat(
            UUID nodeId, Report report, Instant now, Instant leaseExpiresAt, Instant revokedAfter, int maxRevoked) {
        Tuple renew = Tuple.from(List.of(
                nodeId,
                report.cameras(),
                report.ingressBps(),
                report.egressBps(),
                report.viewers(),
                report.cpu(),
                utc(now),
                utc(leaseExpiresAt)));
        return pool.withTransaction(c -> {
            // Sent together on the connection, run in this order: the node row is locked before any camera row.
            Uni<RowSet<Row>> renewed = c.preparedQuery(RENEW).execute(renew);
            Uni<List<Object[]>> changes = report.online() == null
                    ? Uni.createFrom().item(List.of())
                    : c.preparedQuery(PRESENCE_CHANGES)
                            .execute(Tuple.of(report.online().toArray(UUID[]::new), nodeId))
                            .map(rows -> {
                                List<Object[]> out = new ArrayList<>();
                                rows.forEach(r -> out.add(new Object[] {r.getUUID("id"), r.getBoolean("gone")}));
                                return out;
                            });
            Uni<List<UUID>> revoked = c.preparedQuery(REVOKED)
                    .execute(Tuple.of(utc(revokedAfter), maxRevoked))
                    .map(rows -> {
                        List<UUID> ids = new ArrayList<>();
                        rows.forEach(r -> ids.add(r.getUUID("token_id")));
                        return ids;
                    });
            return Uni.combine().all().unis(renewed, changes, revoked).asTuple().chain(t -> {
                var it = t.getItem1().iterator();
                if (!it.hasNext()) {
                    return Uni.createFrom().nullItem(); // dead: nothing else is written
                }
                Row node = it.next();
                Renewed result = new Renewed(
                        node.getString("state"),
                        node.getString("was"),
                        node.getInteger("assigned_cameras"),
                        t.getItem3());
                return presence(c, nodeId, t.getItem2(), now)
                        .chain(() -> report.withBFrames() == null
                                ? Uni.createFrom().voidItem()
                                : c.preparedQuery(B_FRAMES)
                                        .execute(Tuple.of(
                                                nodeId,
                                                utc(now),
                                                report.withBFrames().toArray(UUID[]::new),
                                                Camera.B_FRAMES))
                                        .replaceWithVoid())
                        .chain(() ->
                                report.busStates() == null || report.busStates().isEmpty()
                                        ? Uni.createFrom().voidItem()
                                        : busStates(c, nodeId, report.busStates(), now))
                        .replaceWith(result);
            });
        });
    }

    /**
     * Marks the reported cameras not yet online at the node online there, and the ones it reported before and no
     * longer does offline (with their events): keyed by the node a camera publishes to, so a camera moving between
     * nodes does not flap. Only the cameras that changed are written.
     */
    private static Uni<Void> presence(SqlConnection c, UUID nodeId, List<Object[]> changes, Instant now) {
        List<UUID> arrived = new ArrayList<>();
        List<UUID> left = new ArrayList<>();
        for (Object[] r : changes) {
            (Boolean.TRUE.equals(r[1]) ? left : arrived).add((UUID) r[0]);
        }
        Uni<Void> came = arrived.isEmpty()
                ? Uni.createFrom().voidItem()
                : named(c, CAME_ONLINE, Map.of("node", nodeId, "now", now, "ids", arrived.toArray(UUID[]::new)));
        return came.chain(() -> left.isEmpty()
                ? Uni.createFrom().voidItem()
                : named(
                        c,
                        LEFT,
                        FleetRepository.offlineParams(
                                "left-node",
                                FleetRepository.GAP_CAMERA_DISCONNECTED,
                                Map.of("node", nodeId, "now", now, "ids", left.toArray(UUID[]::new)))));
    }

    private static Uni<Void> busStates(SqlConnection c, UUID nodeId, List<BusState> states, Instant now) {
        int n = states.size();
        UUID[] ids = new UUID[n];
        String[] kinds = new String[n];
        String[] targets = new String[n];
        String[] commands = new String[n];
        String[] times = new String[n];
        for (int i = 0; i < n; i++) {
            BusState b = states.get(i);
            ids[i] = b.cameraId();
            kinds[i] = b.state();
            targets[i] = b.publishingTo() == null ? "" : b.publishingTo();
            commands[i] = b.commandId() == null ? "" : b.commandId();
            times[i] = b.reportedAt().toString();
        }
        Map<String, Object> params = new HashMap<>();
        params.put("node", nodeId);
        params.put("now", now);
        params.put("ids", ids);
        params.put("kinds", kinds);
        params.put("targets", targets);
        params.put("commands", commands);
        params.put("times", times);
        return named(c, BUS_STATES, params);
    }

    /** Runs a statement with named parameters on the connection ({@link NamedSql}). */
    private static Uni<Void> named(SqlConnection c, String sql, Map<String, Object> params) {
        NamedSql p = NamedSql.of(sql);
        return c.preparedQuery(p.sql()).execute(p.bind(params)).replaceWithVoid();
    }

    private static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }
}
