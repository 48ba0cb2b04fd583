package io.zonecam.control.allocation;

import io.smallrye.mutiny.Uni;
import io.zonecam.control.config.ZonecamConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * FleetSnapshot keeps, per control-plane instance, a short-lived copy of the zones and their nodes' loads so that
 * placing a camera costs no fleet queries: a registration then reads and writes only its own rows.
 *
 * <p>Placements made here are counted into the copy at once; the copy is reloaded after {@code snapshot-ttl} or
 * when this instance changes the fleet. Other instances' placements show up at the next reload: the bound may be
 * exceeded by what the fleet registers within one TTL, which the rendezvous spread keeps small.
 *
 * <p>A copy is loaded through the caller's {@link FleetReader}, on the connection it already holds.
 */
@ApplicationScoped
public class FleetSnapshot {

    private final double epsilon;
    private final long ttlNanos;
    private volatile Zones zones;
    private final Map<String, Nodes> nodes = new ConcurrentHashMap<>();

    public FleetSnapshot(ZonecamConfig config) {
        this.epsilon = config.allocation().epsilon();
        this.ttlNanos = config.allocation().snapshotTtl().toNanos();
    }

    /** Zones as allocation candidates, with camera counts and active nodes. */
    static final class Zones {
        final long loadedAt = System.nanoTime();
        final List<ZoneChooser.Candidate> candidates;

        Zones(List<ZoneChooser.Candidate> candidates) {
            this.candidates = candidates;
        }
    }

    /** One zone's nodes as a mutable {@link ZoneLoad}. */
    static final class Nodes {
        final long loadedAt = System.nanoTime();
        final ZoneLoad load;

        Nodes(ZoneLoad load) {
            this.load = load;
        }
    }

    /** Picks the zone for a camera and counts it there; null when no zone takes cameras. */
    public Uni<String> chooseZone(FleetReader reader, String homeZone, String region) {
        return zones(reader).map(z -> {
            synchronized (z) {
                int i = ZoneChooser.choose(z.candidates, homeZone, region);
                if (i < 0) {
                    return null;
                }
                ZoneChooser.Candidate c = z.candidates.get(i);
                z.candidates.set(
                        i,
                        new ZoneChooser.Candidate(
                                c.id(), c.region(), c.open(), c.capacity(), c.cameras() + 1, c.activeNodes()));
                return c.id();
            }
        });
    }

    /** Picks the node of a zone for a camera and counts it there; null when no node has room. */
    public Uni<UUID> chooseNode(FleetReader reader, String zoneId, UUID cameraId) {
        return nodes(reader, zoneId).map(n -> {
            synchronized (n) {
                int i = n.load.place(cameraId);
                return i < 0 ? null : n.load.node(i);
            }
        });
    }

    /**
     * Marks a zone full until the next reload: its live nodes had no room for a camera although the zone's count had
     * (a node's lease ran out), and the zone was counted for that camera.
     */
    public void full(String zoneId) {
        Zones z = zones;
        if (z == null) {
            return;
        }
        synchronized (z) {
            for (int i = 0; i < z.candidates.size(); i++) {
                ZoneChooser.Candidate c = z.candidates.get(i);
                if (c.id().equals(zoneId)) {
                    z.candidates.set(
                            i,
                            new ZoneChooser.Candidate(
                                    c.id(), c.region(), c.open(), c.capacity(), c.capacity(), c.activeNodes()));
                }
            }
        }
    }

    /** Forgets the copy so the next placement reads the fleet again (after this instance changed it). */
    public void invalidate() {
        zones = null;
        nodes.clear();
    }

    private Uni<Zones> zones(FleetReader reader) {
        Zones z = zones;
        if (z != null && System.nanoTime() - z.loadedAt < ttlNanos) {
            return Uni.createFrom().item(z);
        }
        return reader.zones().map(list -> {
            Zones loaded = new Zones(list);
            zones = loaded;
            return loaded;
        });
    }

    private Uni<Nodes> nodes(FleetReader reader, String zoneId) {
        Nodes n = nodes.get(zoneId);
        if (n != null && System.nanoTime() - n.loadedAt < ttlNanos) {
            return Uni.createFrom().item(n);
        }
        return reader.nodes(zoneId).map(slots -> {
            Nodes loaded = new Nodes(new ZoneLoad(slots, epsilon));
            nodes.put(zoneId, loaded);
            return loaded;
        });
    }

    /** Snapshot age limit, for tests. */
    Duration ttl() {
        return Duration.ofNanos(ttlNanos);
    }
}
