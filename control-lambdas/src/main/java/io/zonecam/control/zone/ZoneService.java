package io.zonecam.control.zone;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.zonecam.control.allocation.AllocationService;
import io.zonecam.control.allocation.FleetSnapshot;
import io.zonecam.control.problem.ProblemException;
import io.zonecam.control.security.NodeKeys;
import io.zonecam.control.security.SecretHasher;
import io.zonecam.control.zone.ZoneModels.RebalanceResult;
import io.zonecam.control.zone.ZoneModels.ZoneCreated;
import io.zonecam.control.zone.ZoneModels.ZoneView;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/** ZoneService lets operators create, change, list and delete zones and rebalance them. */
@ApplicationScoped
public class ZoneService {

    private static final Logger LOG = Logger.getLogger(ZoneService.class);

    private final SecretHasher hasher;
    private final AllocationService allocation;
    private final FleetSnapshot snapshot;

    public ZoneService(SecretHasher hasher, AllocationService allocation, FleetSnapshot snapshot) {
        this.hasher = hasher;
        this.allocation = allocation;
        this.snapshot = snapshot;
    }

    @WithSession
    public Uni<List<ZoneView>> list() {
        return Zone.<Zone>list("order by id")
                .chain(zones -> stats().map(
                                stats -> zones.stream().map(z -> view(z, stats)).toList()));
    }

    @WithSession
    public Uni<ZoneView> get(String id) {
        return find(id).chain(z -> stats().map(stats -> view(z, stats)));
    }

    @WithTransaction
    public Uni<ZoneCreated> create(String id, String region, int capacity) {
        return Zone.<Zone>findById(id).chain(existing -> {
            if (existing != null) {
                throw ProblemException.conflict("zone-exists", "Zone " + id + " already exists.");
            }
            String key = NodeKeys.newKey(id);
            Zone zone = new Zone();
            zone.id = id;
            zone.region = region.strip();
            zone.capacity = capacity;
            zone.state = Zone.OPEN;
            zone.nodeKeyHash = hasher.hash(key);
            zone.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            LOG.infof("zone %s created in %s with capacity %d", id, zone.region, capacity);
            snapshot.invalidate();
            return zone.persist().map(z -> new ZoneCreated(ZoneView.of(zone, 0, 0), key));
        });
    }

    @WithTransaction
    public Uni<ZoneView> update(String id, Integer capacity, String state) {
        if (capacity == null && state == null) {
            throw ProblemException.badRequest("Give at least one of capacity and state.");
        }
        return find(id).chain(zone -> {
            if (capacity != null) {
                zone.capacity = capacity;
            }
            if (state != null && !state.equals(zone.state)) {
                LOG.infof("zone %s: %s -> %s", id, zone.state, state);
                zone.state = state;
            }
            snapshot.invalidate();
            return stats().map(stats -> view(zone, stats));
        });
    }

    @WithTransaction
    public Uni<Void> delete(String id) {
        return find(id).chain(zone -> Panache.getSession()
                .chain(s -> s.createNativeQuery(
                                "select (select count(*) from cameras where zone_id = :zone and deleted_at is null), "
                                        + "(select count(*) from nodes where zone_id = :zone and state in ('active', 'draining'))",
                                Object[].class)
                        .setParameter("zone", id)
                        .getSingleResult())
                .chain(counts -> {
                    long cameras = ((Number) counts[0]).longValue();
                    long liveNodes = ((Number) counts[1]).longValue();
                    if (cameras > 0 || liveNodes > 0) {
                        throw ProblemException.conflict(
                                "zone-not-empty",
                                "Zone " + id + " still has " + cameras + " cameras and " + liveNodes + " live nodes.");
                    }
                    snapshot.invalidate();
                    return Panache.getSession()
                            .chain(s -> s.createNativeQuery("delete from nodes where zone_id = :zone")
                                    .setParameter("zone", id)
                                    .executeUpdate())
                            .chain(() -> zone.delete())
                            .invoke(() -> LOG.infof("zone %s deleted", id));
                }));
    }

    @WithTransaction
    public Uni<RebalanceResult> rebalance(String id) {
        return find(id).chain(zone -> allocation.rebalance(id)).map(r -> new RebalanceResult(id, r[0], r[1]));
    }

    private static Uni<Zone> find(String id) {
        return Zone.<Zone>findById(id)
                .onItem()
                .ifNull()
                .failWith(() -> ProblemException.notFound("No zone " + id + "."));
    }

    private static ZoneView view(Zone zone, Map<String, int[]> stats) {
        int[] s = stats.getOrDefault(zone.id, new int[2]);
        return ZoneView.of(zone, s[0], s[1]);
    }

    /** Per zone: cameras on its nodes, and its active nodes. */
    private static Uni<Map<String, int[]>> stats() {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery(
                                "select zone_id, coalesce(sum(assigned_cameras), 0), "
                                        + "count(*) filter (where state = 'active' and lease_expires_at > now()) from nodes group by zone_id",
                                Object[].class)
                        .getResultList())
                .map(rows -> {
                    Map<String, int[]> m = new HashMap<>();
                    rows.forEach(r ->
                            m.put((String) r[0], new int[] {((Number) r[1]).intValue(), ((Number) r[2]).intValue()}));
                    return m;
                });
    }
}
