package io.zonecam.control.allocation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.zonecam.control.config.ZonecamConfig;
import io.zonecam.control.store.FleetRepository;
import io.zonecam.control.store.FleetRepository.CameraPlace;
import io.zonecam.control.store.Node;
import io.zonecam.control.store.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * AllocationService applies {@link ZoneChooser} and {@link ZoneLoad} to the database: places new cameras, moves
 * the cameras of nodes that die or drain, and rebalances a zone. It works on ids and its own snapshot records
 * ({@link ZoneLoad.NodeSlot}); every method runs inside the caller's transaction, so a failure leaves no half-made
 * assignment. Moves and rebalances lock the zone first ({@link FleetRepository#lockZone}); a caller that writes the
 * node rows of the zone before must take that lock before those writes.
 */
@ApplicationScoped
public class AllocationService {

    private static final Logger LOG = Logger.getLogger(AllocationService.class);
    /** Zones one placement tries before it gives up (each one tried and found without room is marked full). */
    static final int MAX_ZONE_TRIES = 8;

    private final double epsilon;
    private final FleetSnapshot snapshot;
    private final FleetRepository fleet;
    private final Counter placed;
    private final Counter unplaced;
    private final Counter moved;

    public AllocationService(
            ZonecamConfig config, MeterRegistry registry, FleetSnapshot snapshot, FleetRepository fleet) {
        this.epsilon = config.allocation().epsilon();
        this.snapshot = snapshot;
        this.fleet = fleet;
        this.placed = outcome(registry, "placed");
        this.unplaced = outcome(registry, "unplaced");
        this.moved = outcome(registry, "moved");
    }

    private static Counter outcome(MeterRegistry registry, String outcome) {
        return Counter.builder("zonecam.allocations")
                .tag("outcome", outcome)
                .description("Allocation decisions")
                .register(registry);
    }

    /** Where a camera goes: a zone and one of its nodes. */
    public record Placement(String zoneId, UUID nodeId) {}

    /** A rebalance's outcome: cameras moved, of the zone's cameras. */
    public record Rebalanced(int moved, int cameras) {}

    /**
     * Chooses a zone and a node for a new camera and counts it into the fleet snapshot; writes nothing, so the caller
     * records the placement in its own transaction. Null when no zone has room. The reader is the caller's
     * connection, in case the snapshot must be loaded.
     */
    public Uni<Placement> choose(FleetReader reader, UUID cameraId, String homeZone, String region) {
        return choose(reader, cameraId, homeZone, region, MAX_ZONE_TRIES).invoke(p -> {
            if (p == null) {
                unplaced.increment();
                LOG.warnf("camera %s not placed: no open zone with an active node and room", cameraId);
            } else {
                placed.increment();
            }
        });
    }

    /**
     * A zone that counts room its live nodes do not have (some node's lease ran out, so its share of the zone's
     * capacity is missing) is marked full in the snapshot and the next zone is tried, up to {@code tries} zones, so
     * such a zone does not leave a camera unplaced while others have room.
     */
    private Uni<Placement> choose(FleetReader reader, UUID cameraId, String homeZone, String region, int tries) {
        return snapshot.chooseZone(reader, homeZone, region).chain(zoneId -> {
            if (zoneId == null) {
                return Uni.createFrom().<Placement>nullItem();
            }
            return snapshot.chooseNode(reader, zoneId, cameraId).chain(node -> {
                if (node != null) {
                    return Uni.createFrom().item(new Placement(zoneId, node));
                }
                snapshot.full(zoneId);
                return tries > 1
                        ? choose(reader, cameraId, homeZone, region, tries - 1)
                        : Uni.createFrom().<Placement>nullItem();
            });
        });
    }

    /**
     * Chooses a place for a camera that has no live node and counts it on the chosen node; the caller records the
     * placement on the camera. Null when no zone has room: the camera's next device-token request tries again.
     */
    public Uni<Placement> place(UUID cameraId, String homeZone, String region) {
        return choose(FleetReader.panache(), cameraId, homeZone, region)
                .call(p -> p == null ? Uni.createFrom().voidItem() : fleet.countOnNode(p.nodeId(), 1));
    }

    /** Releases a camera's place on its node (deregistration, or before placing it again); no-op without a node. */
    public Uni<Void> release(UUID nodeId) {
        return nodeId == null
                ? Uni.createFrom().voidItem()
                : fleet.countOnNode(nodeId, -1).replaceWithVoid();
    }

    /**
     * Moves every camera of a node that stopped taking cameras (draining or dead: its state is already set in this
     * session) to the zone's other live nodes, and only those cameras. Returns how many moved; cameras with nowhere
     * to go lose their node and are placed again when they next ask for a device token.
     */
    public Uni<Integer> moveOff(UUID nodeId, String zoneId, String reason) {
        Instant now = Timestamps.now();
        return lockedNodes(zoneId)
                .chain(nodes -> fleet.cameraIdsOn(nodeId).chain(cameraIds -> {
                    if (cameraIds.isEmpty()) {
                        return fleet.recount(zoneId).replaceWith(0);
                    }
                    ZoneLoad load = new ZoneLoad(slots(nodes, now), epsilon);
                    int[] targets = load.remove(load.indexOf(nodeId), cameraIds);
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
                    LOG.infof("node %s: %d cameras moved, %d without a node", nodeId, count, nowhere.size());
                    return assign(byTarget, now, reason)
                            .chain(() -> nowhere.isEmpty() ? Uni.createFrom().item(0) : fleet.unassign(nowhere))
                            .chain(() -> fleet.recount(zoneId))
                            .replaceWith(count);
                }));
    }

    /**
     * Moves the zone's cameras to the nodes they now prefer because those joined after the cameras were placed, and
     * places unplaced ones; no camera moves between nodes that were all there when it was placed.
     */
    public Uni<Rebalanced> rebalance(String zoneId) {
        return rebalance(zoneId, null, Integer.MAX_VALUE, FleetRepository.MOVED_BY_REBALANCE);
    }

    /**
     * Draws back to a node that rejoined its zone (it had been declared dead) the cameras that rank it first, as a
     * rebalance would, until it holds the zone's mean load, and at most {@code limit} of them; no other camera
     * moves.
     */
    public Uni<Rebalanced> rejoin(String zoneId, UUID nodeId, int limit) {
        return rebalance(zoneId, nodeId, limit, FleetRepository.MOVED_BY_REJOIN);
    }

    /**
     * Takes the zone's lock for this transaction and reads its nodes, by id; the fleet snapshot is stale from here
     * on, as the caller moves cameras.
     */
    private Uni<List<Node>> lockedNodes(String zoneId) {
        snapshot.invalidate();
        return fleet.lockZone(zoneId).chain(() -> Node.<Node>list("zoneId = ?1 order by id", zoneId));
    }

    /** A rebalance of the zone; with {@code onto}, only moves onto that node, at most {@code limit}. */
    private Uni<Rebalanced> rebalance(String zoneId, UUID onto, int limit, String reason) {
        Instant now = Timestamps.now();
        return lockedNodes(zoneId)
                .chain(nodes -> fleet.placesInZone(zoneId).chain(places -> {
                    ZoneLoad load = new ZoneLoad(slots(nodes, now), epsilon);
                    Map<UUID, List<UUID>> byTarget = new HashMap<>();
                    int count = 0;
                    for (CameraPlace place : places) {
                        if (count >= limit) {
                            break;
                        }
                        UUID camera = place.cameraId();
                        int current = place.nodeId() == null ? -1 : load.indexOf(place.nodeId());
                        int target;
                        if (current < 0 || !nodes.get(current).takesCameras(now)) {
                            target = onto == null ? load.place(camera) : -1;
                        } else {
                            target = load.preferredMove(camera, current, place.assignedAt());
                            if (target >= 0 && onto != null && !onto.equals(load.node(target))) {
                                target = -1;
                            }
                            if (target >= 0) {
                                load.move(current, target);
                            }
                        }
                        if (target >= 0) {
                            byTarget.computeIfAbsent(load.node(target), k -> new ArrayList<>())
                                    .add(camera);
                            count++;
                        }
                    }
                    moved.increment(count);
                    LOG.infof(
                            "zone %s rebalanced%s: %d of %d cameras moved",
                            zoneId, onto == null ? "" : " onto rejoined node " + onto, count, places.size());
                    return assign(byTarget, now, reason)
                            .chain(() -> fleet.recount(zoneId))
                            .replaceWith(new Rebalanced(count, places.size()));
                }));
    }

    private Uni<Void> assign(Map<UUID, List<UUID>> byTarget, Instant now, String reason) {
        Uni<Long> chain = Uni.createFrom().item(0L);
        for (var e : byTarget.entrySet()) {
            chain = chain.chain(() -> fleet.assign(e.getValue(), e.getKey(), now, reason));
        }
        return chain.replaceWithVoid();
    }

    private static List<ZoneLoad.NodeSlot> slots(List<Node> nodes, Instant now) {
        List<ZoneLoad.NodeSlot> slots = new ArrayList<>(nodes.size());
        for (Node n : nodes) {
            slots.add(new ZoneLoad.NodeSlot(n.id, n.assignedCameras, n.capacity, n.takesCameras(now), n.joinedAt));
        }
        return slots;
    }
}
