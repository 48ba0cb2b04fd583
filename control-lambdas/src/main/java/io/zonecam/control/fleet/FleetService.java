package io.zonecam.control.fleet;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.zonecam.control.allocation.AllocationService;
import io.zonecam.control.allocation.FleetSnapshot;
import io.zonecam.control.config.ZonecamConfig;
import io.zonecam.control.fleet.FleetModels.CameraBusState;
import io.zonecam.control.fleet.FleetModels.DrainProgress;
import io.zonecam.control.fleet.FleetModels.HeartbeatAck;
import io.zonecam.control.fleet.FleetModels.NodeAssignment;
import io.zonecam.control.fleet.FleetModels.NodeAssignmentPage;
import io.zonecam.control.fleet.FleetModels.NodeLoad;
import io.zonecam.control.fleet.FleetModels.NodeRegistration;
import io.zonecam.control.fleet.FleetModels.NodeView;
import io.zonecam.control.problem.ProblemException;
import io.zonecam.control.store.Camera;
import io.zonecam.control.store.FleetRepository;
import io.zonecam.control.store.HeartbeatRepository;
import io.zonecam.control.store.Node;
import io.zonecam.control.store.Timestamps;
import io.zonecam.control.store.Zone;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * FleetService runs the stream nodes' lifecycle: register, heartbeat and lease, death (judged by {@link LeaseJudge}
 * from the control plane's own view), rejoin, drain.
 */
@ApplicationScoped
public class FleetService {

    private static final Logger LOG = Logger.getLogger(FleetService.class);

    /*
     * Every heartbeat answer names the token ids of revoked share links whose tokens could still be accepted: not
     * expired, give or take the nodes' clock-skew leeway (REVOKED_GRACE). Every node gets all of them, whatever its
     * zone: a recorded token is not bound to a zone, so a revoked one must be refused by any node it is shown to. A
     * link lives at most 7 days and revocations are rare, so the list stays short; MAX_REVOKED bounds the answer
     * whatever happens (the links expiring last are sent first, and the overflow is logged).
     */

    /** Most revoked token ids one heartbeat answer carries (the spec's bound). */
    static final int MAX_REVOKED = 10_000;
    /** Revoked tokens are named this long past their expiry: more than the nodes' clock-skew leeway (30 s). */
    static final Duration REVOKED_GRACE = Duration.ofMinutes(5);

    private final AllocationService allocation;
    private final FleetSnapshot snapshot;
    private final FleetRepository fleet;
    private final HeartbeatRepository heartbeats;
    private final Duration lease;
    private final Duration blindAfter;
    private final LeaseJudge judge;
    private final int rejoinMaxMoves;

    public FleetService(
            AllocationService allocation,
            FleetSnapshot snapshot,
            FleetRepository fleet,
            HeartbeatRepository heartbeats,
            ZonecamConfig config) {
        this.allocation = allocation;
        this.snapshot = snapshot;
        this.fleet = fleet;
        this.heartbeats = heartbeats;
        this.lease = config.fleet().lease();
        this.blindAfter = config.fleet().blindAfter().orElse(lease.dividedBy(2));
        this.judge = new LeaseJudge(lease, config.fleet().confirm().orElse(lease.dividedBy(3)));
        this.rejoinMaxMoves = config.fleet().rejoinMaxMoves();
    }

    /** A registration result: the node and whether it is new. */
    public record Registered(NodeView node, boolean created) {}

    /**
     * Registers a node of the caller's zone, or refreshes the one with the same name. A node that comes back after it
     * was declared dead draws its share of the zone's cameras back at once (at most {@code fleet.rejoin-max-moves}).
     */
    @WithTransaction
    public Uni<Registered> register(String callerZone, NodeRegistration reg) {
        if (!callerZone.equals(reg.zone())) {
            LOG.warnf(
                    "refused registration of node '%s' for zone %s with the key of zone %s",
                    reg.name(), reg.zone(), callerZone);
            throw ProblemException.forbidden(
                    "This node key enrolls into zone " + callerZone + ", not " + reg.zone() + ".");
        }
        Instant now = now();
        return Zone.<Zone>findById(reg.zone())
                .onItem()
                .ifNull()
                .failWith(() -> ProblemException.notFound("No zone " + reg.zone() + "."))
                .invoke(zone -> zone.watch(now, blindAfter))
                .chain(zone -> Node.<Node>find("zoneId = ?1 and name = ?2", reg.zone(), reg.name())
                        .<Node>firstResult())
                .call(existing -> existing != null && Node.DEAD.equals(existing.state)
                        ? fleet.lockZone(reg.zone()) // it draws cameras back: the zone's locks before its node row
                        : Uni.createFrom().voidItem())
                .chain(existing -> {
                    boolean created = existing == null;
                    boolean rejoined = !created && Node.DEAD.equals(existing.state);
                    Node node = created ? new Node() : existing;
                    if (created) {
                        node.id = UUID.randomUUID();
                        node.zoneId = reg.zone();
                        node.name = reg.name();
                    }
                    node.host = reg.host();
                    node.httpUrl = reg.httpUrl().replaceAll("/+$", "");
                    node.rtspPort = reg.rtspPort();
                    node.rtmpPort = reg.rtmpPort();
                    node.capacity = reg.capacity();
                    if (created || Node.DEAD.equals(node.state) || Node.DRAINED.equals(node.state)) {
                        node.state = Node.ACTIVE;
                        node.drainStartedAt = null;
                        node.joinedAt = now;
                    }
                    node.registeredAt = now;
                    node.leaseExpiresAt = now.plus(lease);
                    node.suspectSince = null;
                    snapshot.invalidate();
                    LOG.infof(
                            "node %s '%s' %s in zone %s at %s",
                            node.id, node.name, created ? "registered" : "re-registered", node.zoneId, node.host);
                    if (created) {
                        return node.persist().map(n -> new Registered(NodeView.of(node), true));
                    }
                    if (!rejoined) {
                        return Uni.createFrom().item(new Registered(NodeView.of(node), false));
                    }
                    return allocation
                            .rejoin(node.zoneId, node.id, rejoinMaxMoves)
                            .call(r -> Panache.getSession().chain(s -> s.flush().chain(() -> s.refresh(node))))
                            .map(r -> new Registered(NodeView.of(node), false));
                });
    }

    /**
     * Renews a node's lease with its load; also sweeps the zone: the control plane, hearing this heartbeat, is up and
     * receiving, so it judges the other nodes' leases ({@link LeaseJudge}). The heartbeat itself runs on the reactive
     * client ({@link HeartbeatRepository}); a sweep, needed only when a lease in the zone ran out, runs before it on
     * Panache in a transaction of its own.
     */
    public Uni<HeartbeatAck> heartbeat(String callerZone, UUID nodeId, NodeLoad load) {
        Instant now = now();
        return heartbeats.check(callerZone, nodeId, now, blindAfter).chain(checked -> {
            if (checked == null) {
                throw ProblemException.notFound("No node " + nodeId + ".");
            }
            if (Node.DEAD.equals(checked.state())) {
                throw nodeDead(nodeId);
            }
            Instant watchedSince = checked.watchedSince();
            Uni<Integer> swept =
                    checked.zoneHasExpired() && watchedSince.plus(lease).isBefore(now)
                            ? Panache.withTransaction(() -> sweeper(callerZone, now, watchedSince))
                            : Uni.createFrom().item(0);
            return swept.chain(moved -> beat(nodeId, load, now));
        });
    }

    private static ProblemException nodeDead(UUID nodeId) {
        return ProblemException.conflict("node-dead", "Node " + nodeId + " was declared dead; register again.");
    }

    /**
     * Sweeps the zone when no other transaction is moving cameras there: the zone's locks first
     * ({@link FleetRepository#tryLockZone}), then the expired nodes' rows.
     */
    private Uni<Integer> sweeper(String zoneId, Instant now, Instant watchedSince) {
        return fleet.tryLockZone(zoneId)
                .chain(locked -> locked
                        ? sweep(zoneId, now, watchedSince)
                        : Uni.createFrom().item(0));
    }

    private Uni<HeartbeatAck> beat(UUID nodeId, NodeLoad load, Instant now) {
        Instant leaseExpiresAt = now.plus(lease);
        HeartbeatRepository.Report report = new HeartbeatRepository.Report(
                load.cameras(),
                load.ingressBps(),
                load.egressBps(),
                load.viewers(),
                load.cpu(),
                load.onlineCameras(),
                load.camerasWithBFrames(),
                load.busStates() == null ? null : busStates(load.busStates(), now));
        return heartbeats
                .beat(nodeId, report, now, leaseExpiresAt, now.minus(REVOKED_GRACE), MAX_REVOKED + 1)
                .map(renewed -> {
                    if (renewed == null) {
                        throw nodeDead(nodeId); // declared dead since it was read (by this heartbeat's sweep too)
                    }
                    if (Node.DRAINED.equals(renewed.state()) && Node.DRAINING.equals(renewed.was())) {
                        LOG.infof("node %s drained", nodeId);
                    }
                    List<UUID> revoked = renewed.revokedTokens();
                    if (revoked.size() > MAX_REVOKED) {
                        LOG.errorf(
                                "more than %d revoked share links are unexpired: nodes get the %d expiring last",
                                MAX_REVOKED, MAX_REVOKED);
                        revoked = revoked.subList(0, MAX_REVOKED);
                    }
                    return new HeartbeatAck(
                            nodeId, renewed.state(), leaseExpiresAt, renewed.assignedCameras(), revoked);
                });
    }

    /**
     * The reported bus states, one per camera (the latest), each dated no later than now: a camera whose clock runs
     * ahead must not pin its state against every later report.
     */
    static List<HeartbeatRepository.BusState> busStates(List<CameraBusState> reported, Instant now) {
        Map<UUID, CameraBusState> latest = new HashMap<>();
        for (CameraBusState b : reported) {
            latest.merge(b.cameraId(), b, (x, y) -> y.reportedAt().isAfter(x.reportedAt()) ? y : x);
        }
        return latest.values().stream()
                .map(b -> new HeartbeatRepository.BusState(
                        b.cameraId(),
                        b.state(),
                        b.publishingTo(),
                        b.lastCommandId(),
                        b.reportedAt().isAfter(now) ? now : b.reportedAt()))
                .toList();
    }

    /**
     * Judges the zone's nodes whose lease ran out: suspects them, or declares dead those suspected long enough in the
     * same watch and moves their cameras. Called on every heartbeat, so no scheduler is needed; the expired rows are
     * locked with {@code skip locked}, so concurrent heartbeats never do the same work twice.
     */
    private Uni<Integer> sweep(String zoneId, Instant now, Instant watchedSince) {
        if (!watchedSince.plus(lease).isBefore(now)) {
            return Uni.createFrom().item(0); // the grace after the control plane (re)started watching the zone
        }
        return fleet.lockExpired(zoneId, now).chain(ids -> {
            Uni<Integer> chain = Uni.createFrom().item(0);
            for (UUID id : ids) {
                chain = chain.chain(total -> Node.<Node>findById(id).chain(n -> {
                    switch (judge.judge(now, watchedSince, n.leaseExpiresAt, n.suspectSince)) {
                        case SUSPECT -> {
                            n.suspectSince = now;
                            LOG.warnf(
                                    "node %s of zone %s missed its lease (last heartbeat %s): suspected, confirming",
                                    n.id, n.zoneId, n.lastHeartbeatAt);
                        }
                        case DEAD -> {
                            return declareDead(n).map(m -> total + m);
                        }
                        case ALIVE, SUSPECTED -> {}
                    }
                    return Uni.createFrom().item(total);
                }));
            }
            return chain;
        });
    }

    private Uni<Integer> declareDead(Node n) {
        LOG.warnf(
                "node %s of zone %s silent since %s, suspected since %s while its zone kept heartbeating: declared dead",
                n.id, n.zoneId, n.lastHeartbeatAt, n.suspectSince);
        n.state = Node.DEAD;
        return fleet.offlineAt(n.id, now())
                .chain(() -> allocation.moveOff(n.id, n.zoneId, FleetRepository.MOVED_BY_DEATH));
    }

    @WithSession
    public Uni<List<NodeView>> list(String zone) {
        Uni<List<Node>> nodes =
                zone == null ? Node.list("order by zoneId, name") : Node.list("zoneId = ?1 order by name", zone);
        return nodes.map(list -> list.stream().map(NodeView::of).toList());
    }

    @WithSession
    public Uni<NodeView> get(UUID nodeId) {
        return nodeOfZone(nodeId, null).map(NodeView::of);
    }

    /** One page of a node's cameras, by camera id. {@code callerZone} is null for operators. */
    @WithSession
    public Uni<NodeAssignmentPage> assignments(String callerZone, UUID nodeId, int limit, UUID after) {
        // PostgreSQL orders UUIDs as unsigned bytes: the all-zero id is below every other.
        return nodeOfZone(nodeId, callerZone)
                .chain(node -> Camera.<Camera>find(
                                "nodeId = ?1 and deletedAt is null and id > ?2 order by id",
                                nodeId,
                                after == null ? new UUID(0, 0) : after)
                        .page(0, limit + 1)
                        .<Camera>list())
                .map(cameras -> {
                    boolean more = cameras.size() > limit;
                    List<NodeAssignment> items = cameras.stream()
                            .limit(limit)
                            .map(c -> new NodeAssignment(c.id, c.organizationId, c.retentionDays, c.assignedAt))
                            .toList();
                    return new NodeAssignmentPage(
                            items, more ? items.get(items.size() - 1).cameraId().toString() : null);
                });
    }

    /** Starts draining: the node takes no new cameras and its cameras move to the zone's other nodes now. */
    @WithTransaction
    public Uni<DrainProgress> startDrain(String callerZone, UUID nodeId) {
        Instant now = now();
        return nodeOfZone(nodeId, callerZone).chain(node -> {
            if (Node.DEAD.equals(node.state)) {
                throw ProblemException.conflict("node-dead", "Node " + nodeId + " is dead; its cameras already moved.");
            }
            if (Node.DRAINING.equals(node.state) || Node.DRAINED.equals(node.state)) {
                return Uni.createFrom().item(DrainProgress.of(node));
            }
            return otherLiveNodes(node, now).chain(others -> {
                if (others == 0 && node.assignedCameras > 0) {
                    throw ProblemException.conflict(
                            "no-capacity",
                            "Zone " + node.zoneId + " has no other active node to take this node's cameras.");
                }
                // Its cameras move: the zone's locks before this node's row is written.
                return fleet.lockZone(node.zoneId).chain(() -> drainNow(node, now));
            });
        });
    }

    private Uni<DrainProgress> drainNow(Node node, Instant now) {
        node.state = Node.DRAINING;
        node.drainStartedAt = now;
        LOG.infof("node %s draining (%d cameras)", node.id, node.assignedCameras);
        return allocation
                .moveOff(node.id, node.zoneId, FleetRepository.MOVED_BY_DRAIN)
                .chain(moved -> Node.<Node>findById(node.id))
                .call(n -> Panache.getSession().chain(s -> s.refresh(n)))
                .map(DrainProgress::of);
    }

    @WithSession
    public Uni<DrainProgress> drain(String callerZone, UUID nodeId) {
        return nodeOfZone(nodeId, callerZone).map(DrainProgress::of);
    }

    /**
     * Ends a drain: the node takes new cameras again; cameras that moved stay where they are until a rebalance, which
     * counts the node as joined now.
     */
    @WithTransaction
    public Uni<DrainProgress> cancelDrain(UUID nodeId) {
        return nodeOfZone(nodeId, null).map(node -> {
            if (!Node.DRAINING.equals(node.state) && !Node.DRAINED.equals(node.state)) {
                throw ProblemException.conflict(
                        "not-draining", "Node " + nodeId + " is " + node.state + ", not draining.");
            }
            node.state = Node.ACTIVE;
            node.drainStartedAt = null;
            node.joinedAt = now();
            snapshot.invalidate();
            LOG.infof("node %s drain cancelled", nodeId);
            return DrainProgress.of(node);
        });
    }

    private static Uni<Long> otherLiveNodes(Node node, Instant now) {
        return Node.count(
                "zoneId = ?1 and id <> ?2 and state = ?3 and leaseExpiresAt > ?4",
                node.zoneId,
                node.id,
                Node.ACTIVE,
                now);
    }

    /** The node, when it exists and (for node callers) belongs to their zone; 404 otherwise. */
    public static Uni<Node> nodeOfZone(UUID nodeId, String callerZone) {
        return Node.<Node>findById(nodeId).map(node -> {
            if (node == null || callerZone != null && !callerZone.equals(node.zoneId)) {
                throw ProblemException.notFound("No node " + nodeId + ".");
            }
            return node;
        });
    }

    static Instant now() {
        return Timestamps.now();
    }
}
