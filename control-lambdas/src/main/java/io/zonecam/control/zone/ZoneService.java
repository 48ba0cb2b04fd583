package io.zonecam.control.zone;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.zonecam.control.allocation.AllocationService;
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

    public ZoneService(SecretHasher hasher, AllocationService allocation) {
        this.hasher = hasher;
        this.allocation = allocation;
    }

    @WithSession
    public Uni<List<ZoneView>> list() {
        return Zone.<Zone>list("order by id").chain(zones -> activeNodes().map(active ->
            zones.stream().map(z -> ZoneView.of(z, active.getOrDefault(z.id, 0))).toList()));
    }

    @WithSession
    public Uni<ZoneView> get(String id) {
        return find(id).chain(z -> activeNodes().map(active -> ZoneView.of(z, active.getOrDefault(z.id, 0))));
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
            return zone.persist().map(z -> new ZoneCreated(ZoneView.of(zone, 0), key));
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
            return activeNodes().map(active -> ZoneView.of(zone, active.getOrDefault(zone.id, 0)));
        });
    }

    @WithTransaction
    public Uni<Void> delete(String id) {
        return find(id).chain(zone -> Panache.getSession().chain(s -> s.createNativeQuery(
                    "select count(*) from nodes where zone_id = :zone and state in ('active', 'draining')", Long.class)
                .setParameter("zone", id).getSingleResult())
            .chain(liveNodes -> {
                if (zone.cameraCount > 0 || liveNodes > 0) {
                    throw ProblemException.conflict("zone-not-empty", "Zone " + id + " still has " + zone.cameraCount
                        + " cameras and " + liveNodes + " live nodes.");
                }
                return Panache.getSession().chain(s -> s.createNativeQuery("delete from nodes where zone_id = :zone")
                        .setParameter("zone", id).executeUpdate())
                    .chain(() -> zone.delete())
                    .invoke(() -> LOG.infof("zone %s deleted", id));
            }));
    }

    @WithTransaction
    public Uni<RebalanceResult> rebalance(String id) {
        return find(id).chain(zone -> allocation.rebalance(id))
            .map(r -> new RebalanceResult(id, r[0], r[1]));
    }

    private static Uni<Zone> find(String id) {
        return Zone.<Zone>findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("No zone " + id + "."));
    }

    private static Uni<Map<String, Integer>> activeNodes() {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "select zone_id, count(*) from nodes where state = 'active' and lease_expires_at > now() group by zone_id",
                Object[].class).getResultList())
            .map(rows -> {
                Map<String, Integer> m = new HashMap<>();
                rows.forEach(r -> m.put((String) r[0], ((Number) r[1]).intValue()));
                return m;
            });
    }
}
