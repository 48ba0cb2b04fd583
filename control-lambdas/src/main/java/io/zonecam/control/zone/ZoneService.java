package io.zonecam.control.zone;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.zonecam.control.allocation.AllocationService;
import io.zonecam.control.allocation.FleetSnapshot;
import io.zonecam.control.identity.CertificateService;
import io.zonecam.control.problem.ProblemException;
import io.zonecam.control.security.NodeKeys;
import io.zonecam.control.security.SecretHasher;
import io.zonecam.control.store.FleetRepository;
import io.zonecam.control.store.FleetRepository.ZoneStats;
import io.zonecam.control.store.Timestamps;
import io.zonecam.control.store.Zone;
import io.zonecam.control.zone.ZoneModels.RebalanceResult;
import io.zonecam.control.zone.ZoneModels.ZoneCreated;
import io.zonecam.control.zone.ZoneModels.ZoneView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/** ZoneService lets operators create, change, list and delete zones and rebalance them. */
@ApplicationScoped
public class ZoneService {

    private static final Logger LOG = Logger.getLogger(ZoneService.class);
    private static final ZoneStats EMPTY = new ZoneStats(0, 0);

    @Inject
    SecretHasher hasher;

    @Inject
    AllocationService allocation;

    @Inject
    FleetSnapshot snapshot;

    @Inject
    FleetRepository fleet;

    @Inject
    CertificateService certificates;

    @WithSession
    public Uni<List<ZoneView>> list() {
        return Zone.<Zone>list("order by id")
                .chain(zones -> fleet.zoneStats()
                        .map(stats -> zones.stream().map(z -> view(z, stats)).toList()));
    }

    @WithSession
    public Uni<ZoneView> get(String id) {
        return find(id).chain(z -> fleet.zoneStats().map(stats -> view(z, stats)));
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
            zone.createdAt = Timestamps.now();
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
            return fleet.zoneStats().map(stats -> view(zone, stats));
        });
    }

    @WithTransaction
    public Uni<Void> delete(String id) {
        return find(id).chain(zone -> fleet.zoneUsage(id).chain(usage -> {
            if (usage.cameras() > 0 || usage.liveNodes() > 0) {
                throw ProblemException.conflict(
                        "zone-not-empty",
                        "Zone " + id + " still has " + usage.cameras() + " cameras and " + usage.liveNodes()
                                + " live nodes.");
            }
            snapshot.invalidate();
            // Removing its nodes revokes their certificates: none of them may reach the device bus any more.
            return certificates
                    .revokeZoneNodes(id)
                    .chain(() -> fleet.deleteNodes(id))
                    .chain(() -> zone.delete())
                    .invoke(() -> LOG.infof("zone %s deleted", id));
        }));
    }

    @WithTransaction
    public Uni<RebalanceResult> rebalance(String id) {
        return find(id).chain(zone -> allocation.rebalance(id))
                .map(r -> new RebalanceResult(id, r.moved(), r.cameras()));
    }

    private static Uni<Zone> find(String id) {
        return Zone.<Zone>findById(id)
                .onItem()
                .ifNull()
                .failWith(() -> ProblemException.notFound("No zone " + id + "."));
    }

    private static ZoneView view(Zone zone, Map<String, ZoneStats> stats) {
        ZoneStats s = stats.getOrDefault(zone.id, EMPTY);
        return ZoneView.of(zone, s.cameras(), s.activeNodes());
    }
}
