package io.zonecam.control.store;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * FleetRepository holds the fleet's set-based SQL: statements that touch many camera or node rows at once on the
 * death, move, sweep and zone-statistics paths (the heartbeat's own: {@link HeartbeatRepository}). As entity
 * operations each would load every row into the session; as one statement each, a move stays a few round trips.
 * They run on the caller's Panache session, so inside its transaction, and record the camera events they cause
 * ({@link EventRepository}) in the same statements.
 */
@ApplicationScoped
public class FleetRepository {

    /** A camera's place: the node it is assigned to (null when unplaced) and since when. */
    public record CameraPlace(UUID cameraId, UUID nodeId, Instant assignedAt) {}

    /** {@code camera.moved} reasons: the node drained, died, the zone was rebalanced, or a dead node rejoined. */
    public static final String MOVED_BY_DRAIN = "drain";

    public static final String MOVED_BY_DEATH = "node-dead";
    public static final String MOVED_BY_REBALANCE = "rebalance";
    public static final String MOVED_BY_REJOIN = "rejoin";

    /** Recording gap reasons: the camera stopped publishing, its node was declared dead, or its recorder failed. */
    public static final String GAP_CAMERA_DISCONNECTED = "camera-disconnected";

    public static final String GAP_NODE_LOST = "node-lost";
    public static final String GAP_RECORDING_FAILED = "recording-failed";

    /** A node report not applied before (a batch resent after a lost answer): its event is not recorded yet. */
    private static final String NOT_APPLIED = "not exists (select 1 from events e where e.id = :report)";

    /** A camera row the node may report about: assigned to it or publishing at it. */
    private static final String AT_NODE = "deleted_at is null and (node_id = :node or online_node_id = :node)";

    private final EventRepository events;

    public FleetRepository(EventRepository events) {
        this.events = events;
    }

    /** Per zone: cameras assigned to its nodes and its active nodes with a valid lease. */
    public record ZoneStats(int cameras, int activeNodes) {}

    /** What still lives in a zone: cameras and active or draining nodes. */
    public record ZoneUsage(long cameras, long liveNodes) {}

    /**
     * Takes the cameras {@code where} selects offline, recording {@code camera.offline} with {@code reason}, and begins
     * a recording gap with {@code gapReason} for each that had none open. One statement.
     */
    private Uni<Long> offline(String where, String reason, String gapReason, Map<String, Object> params) {
        return events.recordTyped(offlineSource(where), offlineParams(reason, gapReason, params));
    }

    /** The source of {@link #offline}'s events ({@link EventRepository#recordTyped}); also the heartbeat's. */
    static String offlineSource(String where) {
        return "changed as (update cameras c set status = 'offline', online_node_id = null, live_view_problem = null, "
                + "updated_at = :now, gap_reason = coalesce(c.gap_reason, cast(:gap as text)), "
                + "gap_since = coalesce(c.gap_since, cast(:now as timestamptz)) from cameras o "
                + "where o.id = c.id and " + where
                + " returning c.organization_id, c.id, o.gap_reason as gap), "
                + "src as (select organization_id, id as camera_id, cast(:now as timestamptz) as occurred_at, "
                + "'" + EventRepository.CAMERA_OFFLINE + "' as type, jsonb_build_object('nodeId', "
                + "cast(:node as uuid), 'reason', cast(:reason as text)) as data from changed "
                + "union all select organization_id, id, cast(:now as timestamptz), "
                + "'" + EventRepository.RECORDING_GAP_BEGUN + "', jsonb_build_object('nodeId', "
                + "cast(:node as uuid), 'reason', cast(:gap as text)) from changed where gap is null)";
    }

    /** {@link #offlineSource}'s parameters: {@code params} (node, now and those of the condition) and the reasons. */
    static Map<String, Object> offlineParams(String reason, String gapReason, Map<String, Object> params) {
        Map<String, Object> all = new HashMap<>(params);
        all.put("reason", reason);
        all.put("gap", gapReason);
        return all;
    }

    /**
     * Cameras reported publishing at a node declared dead are not, until another node reports them: each records
     * {@code camera.offline} with reason {@code node-dead} and begins a recording gap {@link #GAP_NODE_LOST}.
     */
    public Uni<Long> offlineAt(UUID nodeId, Instant now) {
        return offline("c.online_node_id = :node", "node-dead", GAP_NODE_LOST, Map.of("node", nodeId, "now", now));
    }

    /** Of these cameras, those assigned to or publishing at the node (the ones it may report about). */
    public Uni<List<UUID>> camerasAt(UUID nodeId, List<UUID> cameraIds) {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery(
                                "select id from cameras where id = any(:ids) and deleted_at is null "
                                        + "and (node_id = :node or online_node_id = :node)",
                                UUID.class)
                        .setParameter("ids", cameraIds.toArray(UUID[]::new))
                        .setParameter("node", nodeId)
                        .getResultList());
    }

    /**
     * The node's recorder stopped writing a camera it still receives: begins a {@link #GAP_RECORDING_FAILED} gap at
     * {@code at} unless one is open (a repeated or retried report records nothing). {@code data} is the event's data.
     */
    public Uni<Long> recordingFailed(UUID nodeId, UUID reportId, UUID cameraId, Instant at, String data) {
        return events.recordOnce(
                EventRepository.RECORDING_GAP_BEGUN,
                "changed as (update cameras set gap_reason = '" + GAP_RECORDING_FAILED + "', gap_since = :at "
                        + "where id = :camera and gap_reason is null and " + AT_NODE + " and " + NOT_APPLIED
                        + " returning organization_id, id), "
                        + "src as (select cast(:report as uuid) as id, organization_id, id as camera_id, "
                        + "cast(:at as timestamptz) as occurred_at, cast(cast(:data as text) as jsonb) as data from changed)",
                Map.of("node", nodeId, "report", reportId, "camera", cameraId, "at", at, "data", data));
    }

    /**
     * The node's recorder writes the camera again (or its session ended while failing): ends an open
     * {@link #GAP_RECORDING_FAILED} gap. A camera already offline then (its heartbeat came first) stays in a gap, now
     * {@link #GAP_CAMERA_DISCONNECTED}: the end and a new begin are recorded at the same instant.
     */
    public Uni<Long> recordingResumed(UUID nodeId, UUID reportId, UUID cameraId, Instant at, String data) {
        return events.recordTypedOnce(
                "changed as (update cameras c set gap_reason = case when c.status = 'offline' then '"
                        + GAP_CAMERA_DISCONNECTED + "' end, gap_since = case when c.status = 'offline' then "
                        + "cast(:at as timestamptz) end from cameras o where o.id = c.id and c.id = :camera "
                        + "and c.gap_reason = '" + GAP_RECORDING_FAILED + "' and " + NOT_APPLIED + " and "
                        + "c.deleted_at is null and (c.node_id = :node or c.online_node_id = :node)"
                        + " returning c.organization_id, c.id, c.status, o.gap_since as since), "
                        + "src as (select cast(:report as uuid) as id, organization_id, id as camera_id, "
                        + "cast(:at as timestamptz) as occurred_at, '" + EventRepository.RECORDING_GAP_ENDED
                        + "' as type, cast(cast(:data as text) as jsonb) "
                        + "|| jsonb_build_object('since', since) as data from changed union all "
                        + "select gen_random_uuid(), organization_id, id, cast(:at as timestamptz), '"
                        + EventRepository.RECORDING_GAP_BEGUN
                        + "', jsonb_build_object('nodeId', cast(:node as uuid), 'reason', '" + GAP_CAMERA_DISCONNECTED
                        + "') from changed where status = 'offline')",
                Map.of("node", nodeId, "report", reportId, "camera", cameraId, "at", at, "data", data));
    }

    /**
     * Locks a zone for moving cameras between its nodes: its zone row, then every node row of the zone by id. Every
     * transaction that moves cameras or recounts a zone's nodes takes these locks before it writes any node or camera
     * row, and a heartbeat writes its zone row in a transaction of its own ({@link HeartbeatRepository#check}); with this one order (zone,
     * nodes by id, cameras) no two fleet transactions wait for each other. Without it, a dead node's move recounting the zone
     * deadlocked with heartbeats holding their node row and waiting for the zone row (issue 14, at a million cameras).
     */
    public Uni<Void> lockZone(String zoneId) {
        return lockZone(zoneId, "").replaceWithVoid();
    }

    /**
     * {@link #lockZone}, unless another transaction holds the zone row: then nothing is locked and the answer is
     * false (a heartbeat's sweep leaves the zone to the one moving cameras there, and later heartbeats sweep again).
     */
    public Uni<Boolean> tryLockZone(String zoneId) {
        return lockZone(zoneId, " skip locked");
    }

    private static Uni<Boolean> lockZone(String zoneId, String waitPolicy) {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery(
                                "select id from zones where id = :zone for update" + waitPolicy, String.class)
                        .setParameter("zone", zoneId)
                        .getResultList())
                .chain(zones -> zones.isEmpty()
                        ? Uni.createFrom().item(false)
                        : lockNodes(zoneId).replaceWith(true));
    }

    private static Uni<Void> lockNodes(String zoneId) {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery(
                                "select id from nodes where zone_id = :zone order by id for update", UUID.class)
                        .setParameter("zone", zoneId)
                        .getResultList())
                .replaceWithVoid();
    }

    /**
     * Locks and returns the zone's active or draining nodes whose lease ran out before {@code now};
     * {@code skip locked} keeps concurrent heartbeats from doing the same work twice.
     */
    public Uni<List<UUID>> lockExpired(String zoneId, Instant now) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "select id from nodes where zone_id = :zone and state in ('active', 'draining') "
                                        + "and lease_expires_at < :now for update skip locked",
                                UUID.class)
                        .setParameter("zone", zoneId)
                        .setParameter("now", now)
                        .getResultList());
    }

    /** The live cameras assigned to a node, by id. */
    public Uni<List<UUID>> cameraIdsOn(UUID nodeId) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "select id from cameras where node_id = :node and deleted_at is null order by id",
                                UUID.class)
                        .setParameter("node", nodeId)
                        .getResultList());
    }

    /** Every live camera of a zone with its node, by camera id. */
    public Uni<List<CameraPlace>> placesInZone(String zoneId) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "select id, node_id, assigned_at from cameras "
                                        + "where zone_id = :zone and deleted_at is null order by id",
                                Object[].class)
                        .setParameter("zone", zoneId)
                        .getResultList())
                .map(rows -> rows.stream()
                        .map(r -> new CameraPlace((UUID) r[0], (UUID) r[1], EventRepository.instant(r[2])))
                        .toList());
    }

    /**
     * Moves cameras to a node; each that had another node records {@code camera.moved} with the {@code reason}
     * ({@link #MOVED_BY_DRAIN} and the others), unplaced ones being placed record nothing.
     */
    public Uni<Long> assign(List<UUID> cameraIds, UUID nodeId, Instant now, String reason) {
        return events.record(
                EventRepository.CAMERA_MOVED,
                "changed as (update cameras c set node_id = :node, assigned_at = :now from cameras o "
                        + "where o.id = c.id and c.id = any(:ids) returning c.organization_id, c.id, o.node_id as was), "
                        + "src as (select organization_id, id as camera_id, cast(:now as timestamptz) as occurred_at, "
                        + "jsonb_build_object('fromNodeId', was, 'toNodeId', cast(:node as uuid), "
                        + "'reason', cast(:reason as text)) as data from changed "
                        + "where was is not null and was <> cast(:node as uuid))",
                Map.of("node", nodeId, "now", now, "ids", cameraIds.toArray(UUID[]::new), "reason", reason));
    }

    /** Takes cameras off their node (nowhere to go); they are placed again at their next device token. */
    public Uni<Integer> unassign(List<UUID> cameraIds) {
        return Camera.update("nodeId = null, assignedAt = null where id in ?1", cameraIds);
    }

    /** Counts one more (+1) or one fewer (-1) camera on a node; never below zero. */
    public Uni<Integer> countOnNode(UUID nodeId, int delta) {
        return Node.update(
                "assignedCameras = assignedCameras + ?2 where id = ?1 and assignedCameras + ?2 >= 0", nodeId, delta);
    }

    /** Recomputes the zone's node counters from the cameras table after bulk moves, so they never drift. */
    public Uni<Integer> recount(String zoneId) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "update nodes n set assigned_cameras = (select count(*) from cameras c "
                                        + "where c.node_id = n.id and c.deleted_at is null) where n.zone_id = :zone")
                        .setParameter("zone", zoneId)
                        .executeUpdate());
    }

    /** Per zone id: cameras on its nodes and its active nodes. */
    public Uni<Map<String, ZoneStats>> zoneStats() {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery(
                                "select zone_id, coalesce(sum(assigned_cameras), 0), count(*) filter "
                                        + "(where state = 'active' and lease_expires_at > now()) from nodes group by zone_id",
                                Object[].class)
                        .getResultList())
                .map(rows -> {
                    Map<String, ZoneStats> m = new HashMap<>();
                    rows.forEach(r -> m.put(
                            (String) r[0], new ZoneStats(((Number) r[1]).intValue(), ((Number) r[2]).intValue())));
                    return m;
                });
    }

    /** What still lives in a zone (a zone is deleted only empty). */
    public Uni<ZoneUsage> zoneUsage(String zoneId) {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery(
                                "select (select count(*) from cameras where zone_id = :zone and deleted_at is null), "
                                        + "(select count(*) from nodes where zone_id = :zone and state in ('active', 'draining'))",
                                Object[].class)
                        .setParameter("zone", zoneId)
                        .getSingleResult())
                .map(r -> new ZoneUsage(((Number) r[0]).longValue(), ((Number) r[1]).longValue()));
    }

    /** Deletes a zone's (dead or drained) nodes. */
    public Uni<Integer> deleteNodes(String zoneId) {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery("delete from nodes where zone_id = :zone")
                        .setParameter("zone", zoneId)
                        .executeUpdate());
    }
}
