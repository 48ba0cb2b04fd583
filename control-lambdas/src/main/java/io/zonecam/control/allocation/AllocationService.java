package io.zonecam.control.allocation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.zonecam.control.camera.Camera;
import io.zonecam.control.config.ZonecamConfig;
import io.zonecam.control.fleet.Node;
import io.zonecam.control.tenant.Organization;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * AllocationService applies {@link ZoneChooser} and {@link ZoneLoad} to the database: places new cameras, moves
 * the cameras of nodes that die or drain, and rebalances a zone. Every method runs inside the caller's
 * transaction, so a failure leaves no half-made assignment.
 */
@ApplicationScoped
public class AllocationService {

    private static final Logger LOG = Logger.getLogger(AllocationService.class);

    private final double epsilon;
    private final FleetSnapshot snapshot;
    private final Counter placed;
    private final Counter unplaced;
    private final Counter moved;

    public AllocationService(ZonecamConfig config, MeterRegistry registry, FleetSnapshot snapshot) {
        this.epsilon = config.allocation().epsilon();
        this.snapshot = snapshot;
        this.placed = Counter.builder("zonecam.allocations")
                .tag("outcome", "placed")
                .description("Allocation decisions")
                .register(registry);
        this.unplaced = Counter.builder("zonecam.allocations")
                .tag("outcome", "unplaced")
                .description("Allocation decisions")
                .register(registry);
        this.moved = Counter.builder("zonecam.allocations")
                .tag("outcome", "moved")
                .description("Allocation decisions")
                .register(registry);
    }

    /** Where a camera goes: a zone and one of its nodes. */
    public record Placement(String zoneId, UUID nodeId) {}

    /**
     * Chooses a zone and a node for a new camera and counts it into the fleet snapshot; writes nothing, so the caller
     * records the placement in its own transaction. Null when no zone has room. The reader is the caller's
     * connection, in case the snapshot must be loaded.
     */
    public Uni<Placement> choose(FleetReader reader, UUID cameraId, String homeZone, String region) {
        return snapshot.chooseZone(reader, homeZone, region)
                .chain(zoneId -> zoneId == null
                        ? Uni.createFrom().<Placement>nullItem()
                        : snapshot.chooseNode(reader, zoneId, cameraId)
                                .map(node -> node == null ? null : new Placement(zoneId, node)))
                .invoke(p -> {
                    if (p == null) {
                        unplaced.increment();
                        LOG.warnf("camera %s not placed: no open zone with an active node and room", cameraId);
                    } else {
                        placed.increment();
                    }
                });
    }

    /**
     * Gives a camera a zone and a node (it must not have a live one). Leaves it unassigned when no zone has room;
     * the camera's next device-token request tries again.
     */
    public Uni<Boolean> place(Camera camera, Organization org, String preferredRegion) {
        Instant now = now();
        String region = preferredRegion != null ? preferredRegion : org.region;
        return choose(FleetReader.panache(), camera.id, org.homeZone, region).chain(placement -> {
            if (placement == null) {
                return Uni.createFrom().item(false);
            }
            camera.zoneId = placement.zoneId();
            camera.nodeId = placement.nodeId();
            camera.assignedAt = now;
            if (org.homeZone == null) {
                org.homeZone = camera.zoneId;
            }
            return Node.update("assignedCameras = assignedCameras + 1 where id = ?1", camera.nodeId)
                    .replaceWith(true);
        });
    }

    /** Releases a camera's place (deregistration). */
    public Uni<Void> release(Camera camera) {
        if (camera.nodeId == null) {
            return Uni.createFrom().voidItem();
        }
        return Node.update("assignedCameras = assignedCameras - 1 where id = ?1 and assignedCameras > 0", camera.nodeId)
                .replaceWithVoid();
    }

    /**
     * Moves every camera of a node that stopped taking cameras (draining or dead) to the zone's other live nodes,
     * and only those cameras. Returns how many moved; cameras with nowhere to go lose their node and are placed
     * again when they next ask for a device token.
     */
    public Uni<Integer> moveOff(Node node) {
        Instant now = now();
        snapshot.invalidate();
        return Node.<Node>list("zoneId = ?1 order by id", node.zoneId)
                .chain(nodes -> cameraIdsOn(node.id).chain(cameraIds -> {
                    if (cameraIds.isEmpty()) {
                        return recount(node.zoneId).replaceWith(0);
                    }
                    ZoneLoad load = new ZoneLoad(slots(nodes, now), epsilon);
                    int[] targets = load.remove(load.indexOf(node.id), cameraIds);
                    Map<UUID, List<UUID>> byTarget = new HashMap<>();
                    List<UUID> nowhere = new ArrayList<>();
                    for (int i = 0; i < targets.length; i++) {
                        if (targets[i] < 0) {
                            nowhere.add(cameraIds.get(i));
                        } else {
                            byTarget.computeIfAbsent(load.node(targets[i]), k -> new ArrayList<>())
                                    .add(cameraIds.get(i));
                        }
                    }
                    int count = targets.length - nowhere.size();
                    moved.increment(count);
                    LOG.infof(
                            "node %s (%s): %d cameras moved, %d without a node",
                            node.id, node.state, count, nowhere.size());
                    return assign(byTarget, now)
                            .chain(() -> nowhere.isEmpty()
                                    ? Uni.createFrom().item(0)
                                    : Camera.update("nodeId = null, assignedAt = null where id in ?1", nowhere))
                            .chain(() -> recount(node.zoneId))
                            .replaceWith(count);
                }));
    }

    /**
     * Declares dead the zone's nodes whose lease ran out and moves their cameras. Called on every heartbeat, so no
     * scheduler is needed; {@code skip locked} keeps concurrent heartbeats from doing the same work twice.
     */
    public Uni<Integer> sweepDead(String zoneId) {
        Instant now = now();
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "select id from nodes where zone_id = :zone and state in ('active', 'draining') "
                                        + "and lease_expires_at < :now for update skip locked",
                                UUID.class)
                        .setParameter("zone", zoneId)
                        .setParameter("now", now)
                        .getResultList())
                .chain(ids -> {
                    Uni<Integer> chain = Uni.createFrom().item(0);
                    for (UUID id : ids) {
                        chain = chain.chain(total -> Node.<Node>findById(id).chain(n -> {
                            LOG.warnf(
                                    "node %s of zone %s missed its lease (last heartbeat %s): declared dead",
                                    n.id, n.zoneId, n.lastHeartbeatAt);
                            n.state = Node.DEAD;
                            // Its cameras were reported publishing there; until another node reports them, they are
                            // not.
                            return Camera.update(
                                            "status = 'offline', onlineNodeId = null where onlineNodeId = ?1", n.id)
                                    .chain(() -> moveOff(n))
                                    .map(m -> total + m);
                        }));
                    }
                    return chain;
                });
    }

    /** Moves the zone's cameras to the nodes they now prefer (after nodes joined) and places unplaced ones. */
    public Uni<int[]> rebalance(String zoneId) {
        Instant now = now();
        snapshot.invalidate();
        return Node.<Node>list("zoneId = ?1 order by id", zoneId)
                .chain(nodes -> Panache.getSession()
                        .chain(session -> session.createNativeQuery(
                                        "select id, node_id from cameras where zone_id = :zone and deleted_at is null order by id",
                                        Object[].class)
                                .setParameter("zone", zoneId)
                                .getResultList())
                        .chain(rows -> {
                            ZoneLoad load = new ZoneLoad(slots(nodes, now), epsilon);
                            Map<UUID, List<UUID>> byTarget = new HashMap<>();
                            for (Object[] row : rows) {
                                UUID camera = (UUID) row[0];
                                int current = row[1] == null ? -1 : load.indexOf((UUID) row[1]);
                                int target;
                                if (current < 0 || !nodes.get(current).takesCameras(now)) {
                                    target = load.place(camera);
                                } else {
                                    target = load.preferredMove(camera, current);
                                    if (target >= 0) {
                                        load.move(current, target);
                                    }
                                }
                                if (target >= 0) {
                                    byTarget.computeIfAbsent(load.node(target), k -> new ArrayList<>())
                                            .add(camera);
                                }
                            }
                            int count = byTarget.values().stream()
                                    .mapToInt(List::size)
                                    .sum();
                            moved.increment(count);
                            LOG.infof("zone %s rebalanced: %d of %d cameras moved", zoneId, count, rows.size());
                            return assign(byTarget, now)
                                    .chain(() -> recount(zoneId))
                                    .replaceWith(new int[] {count, rows.size()});
                        }));
    }

    private static Uni<Void> assign(Map<UUID, List<UUID>> byTarget, Instant now) {
        Uni<Integer> chain = Uni.createFrom().item(0);
        for (var e : byTarget.entrySet()) {
            chain = chain.chain(
                    () -> Camera.update("nodeId = ?1, assignedAt = ?2 where id in ?3", e.getKey(), now, e.getValue()));
        }
        return chain.replaceWithVoid();
    }

    /** Recomputes the zone's node counters from the cameras table after bulk moves, so they never drift. */
    private static Uni<Integer> recount(String zoneId) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "update nodes n set assigned_cameras = (select count(*) from cameras c "
                                        + "where c.node_id = n.id and c.deleted_at is null) where n.zone_id = :zone")
                        .setParameter("zone", zoneId)
                        .executeUpdate());
    }

    private static Uni<List<UUID>> cameraIdsOn(UUID nodeId) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "select id from cameras where node_id = :node and deleted_at is null order by id",
                                UUID.class)
                        .setParameter("node", nodeId)
                        .getResultList());
    }

    private static List<ZoneLoad.NodeSlot> slots(List<Node> nodes, Instant now) {
        List<ZoneLoad.NodeSlot> slots = new ArrayList<>(nodes.size());
        for (Node n : nodes) {
            slots.add(new ZoneLoad.NodeSlot(n.id, n.assignedCameras, n.capacity, n.takesCameras(now)));
        }
        return slots;
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
