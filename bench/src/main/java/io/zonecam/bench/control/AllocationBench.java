package io.zonecam.bench.control;

import io.zonecam.control.allocation.ZoneChooser;
import io.zonecam.control.allocation.ZoneLoad;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * AllocationBench places 1,000,000 cameras over 50 zones of 40 nodes with the control plane's allocator
 * (zone by affinity and headroom, node by bounded-load rendezvous hashing), then takes one node out of a zone and
 * adds one to another, and measures from the placements before and after how many cameras moved against the ideal
 * 1/N.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar io.zonecam.bench.control.AllocationBench [cameras zones nodes]}.
 * Prints the placement time, the max/mean node load, and the moves of a leave and of a join with rebalance.
 */
public final class AllocationBench {

    private AllocationBench() {}

    public static void main(String[] args) {
        int cameras = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int zones = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int nodesPerZone = args.length > 2 ? Integer.parseInt(args[2]) : 40;
        int organizations = cameras / 100;
        double epsilon = 0.05;
        Random random = new Random(7);

        // Capacity with 10% spare: a zone holds what its share needs plus headroom.
        int zoneCapacity = (int) Math.ceil(cameras * 1.1 / zones);
        int nodeCapacity = (int) Math.ceil(zoneCapacity * 1.1 / nodesPerZone);
        List<ZoneLoad> loads = new ArrayList<>();
        List<ZoneChooser.Candidate> candidates = new ArrayList<>();
        for (int z = 0; z < zones; z++) {
            List<ZoneLoad.NodeSlot> slots = new ArrayList<>();
            for (int n = 0; n < nodesPerZone; n++) {
                slots.add(new ZoneLoad.NodeSlot(new UUID(random.nextLong(), random.nextLong()), 0, nodeCapacity, true));
            }
            loads.add(new ZoneLoad(slots, epsilon));
            candidates.add(new ZoneChooser.Candidate("z" + z, "r" + (z % 5), true, zoneCapacity, 0, nodesPerZone));
        }
        String[] homeZone = new String[organizations];
        UUID[] ids = new UUID[cameras];
        int[] zoneOf = new int[cameras];
        int[] nodeOf = new int[cameras];
        for (int i = 0; i < cameras; i++) {
            ids[i] = new UUID(random.nextLong(), random.nextLong());
        }

        long start = System.nanoTime();
        for (int i = 0; i < cameras; i++) {
            int org = i % organizations;
            int z = ZoneChooser.choose(candidates, homeZone[org], "r" + (org % 5));
            if (homeZone[org] == null) {
                homeZone[org] = candidates.get(z).id();
            }
            ZoneChooser.Candidate c = candidates.get(z);
            candidates.set(
                    z,
                    new ZoneChooser.Candidate(
                            c.id(), c.region(), c.open(), c.capacity(), c.cameras() + 1, c.activeNodes()));
            zoneOf[i] = z;
            nodeOf[i] = loads.get(z).place(ids[i]);
            if (nodeOf[i] < 0) {
                throw new IllegalStateException("camera " + i + " found no node");
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        int max = 0;
        double worstRatio = 0;
        for (ZoneLoad load : loads) {
            double mean = load.total() / (double) load.liveCount();
            for (int n = 0; n < load.size(); n++) {
                max = Math.max(max, load.assigned(n));
                worstRatio = Math.max(worstRatio, load.assigned(n) / mean);
            }
        }
        double globalMean = cameras / (double) (zones * nodesPerZone);

        System.out.printf("cameras=%d zones=%d nodes/zone=%d epsilon=%.2f%n", cameras, zones, nodesPerZone, epsilon);
        System.out.printf("placement: %.2f s (%.0f cameras/s)%n", seconds, cameras / seconds);
        System.out.printf(
                "load: max=%d mean=%.1f max/mean(global)=%.3f worst max/mean(in zone)=%.3f%n",
                max, globalMean, max / globalMean, worstRatio);
        leave(loads.get(0), ids, zoneOf, nodeOf);
        join(loads.get(1), ids, zoneOf, nodeOf, nodeCapacity, epsilon, random);
    }

    /**
     * A node of the zone leaves (death or drain): the allocator re-places its cameras. Measured from the placements
     * before and after, over every camera of the zone: how many changed node, against the ideal 1/N (the leaving
     * node's fair share), and the balance left behind.
     */
    private static void leave(ZoneLoad zone, UUID[] ids, int[] zoneOf, int[] nodeOf) {
        List<Integer> inZone = camerasOf(0, zoneOf);
        int leaving = 0;
        List<UUID> its = new ArrayList<>();
        for (int i : inZone) {
            if (nodeOf[i] == leaving) {
                its.add(ids[i]);
            }
        }
        int[] before = inZone.stream().mapToInt(i -> nodeOf[i]).toArray();
        int n = zone.liveCount();
        long t0 = System.nanoTime();
        int[] placed = zone.remove(leaving, its);
        double ms = (System.nanoTime() - t0) / 1e6;
        int k = 0;
        for (int i : inZone) {
            if (nodeOf[i] == leaving) {
                nodeOf[i] = placed[k++];
            }
        }
        int moved = 0;
        int unplaced = 0;
        for (int j = 0; j < inZone.size(); j++) {
            int now = nodeOf[inZone.get(j)];
            moved += now != before[j] ? 1 : 0;
            unplaced += now < 0 ? 1 : 0;
        }
        System.out.printf(
                "node leaves (zone of %d nodes, %d cameras): %d cameras changed node = %.4f of the zone, ideal 1/N = "
                        + "%.4f (ratio %.3f); %d unplaced; max/mean after %.3f; %.1f ms%n",
                n,
                inZone.size(),
                moved,
                moved / (double) inZone.size(),
                1.0 / n,
                moved / (double) inZone.size() * n,
                unplaced,
                maxOverMean(zone),
                ms);
    }

    /**
     * A node joins the zone and the zone is rebalanced as the control plane does it ({@code preferredMove} for every
     * camera of the zone, then {@code move}); every camera was placed before the node joined, as the cameras'
     * {@code assigned_at} and the node's {@code joined_at} say in the database. Measured from the placements: how many
     * cameras changed node against the ideal 1/(N+1), how many went anywhere but the new node (shuffles), and the new
     * node's load.
     */
    private static void join(
            ZoneLoad old, UUID[] ids, int[] zoneOf, int[] nodeOf, int nodeCapacity, double epsilon, Random random) {
        List<ZoneLoad.NodeSlot> slots = new ArrayList<>();
        for (int n = 0; n < old.size(); n++) {
            slots.add(new ZoneLoad.NodeSlot(old.node(n), old.assigned(n), nodeCapacity, true));
        }
        int added = slots.size();
        Instant placedAt = Instant.parse("2026-01-01T00:00:00Z");
        slots.add(new ZoneLoad.NodeSlot(
                new UUID(random.nextLong(), random.nextLong()), 0, nodeCapacity, true, placedAt.plusSeconds(60)));
        ZoneLoad zone = new ZoneLoad(slots, epsilon);
        List<Integer> inZone = camerasOf(1, zoneOf);
        int moved = 0;
        int elsewhere = 0;
        long t0 = System.nanoTime();
        for (int i : inZone) {
            int target = zone.preferredMove(ids[i], nodeOf[i], placedAt);
            if (target >= 0) {
                zone.move(nodeOf[i], target);
                nodeOf[i] = target;
                moved++;
                elsewhere += target != added ? 1 : 0;
            }
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        int n = zone.liveCount();
        System.out.printf(
                "node joins (zone of %d nodes, %d cameras) and rebalance: %d cameras changed node = %.4f of the zone, "
                        + "ideal 1/N = %.4f (ratio %.3f); %d went to old nodes; new node holds %d (mean %.1f); "
                        + "max/mean after %.3f; %.1f ms%n",
                n,
                inZone.size(),
                moved,
                moved / (double) inZone.size(),
                1.0 / n,
                moved / (double) inZone.size() * n,
                elsewhere,
                zone.assigned(added),
                zone.total() / (double) n,
                maxOverMean(zone),
                ms);
    }

    private static List<Integer> camerasOf(int zone, int[] zoneOf) {
        List<Integer> list = new ArrayList<>();
        for (int i = 0; i < zoneOf.length; i++) {
            if (zoneOf[i] == zone) {
                list.add(i);
            }
        }
        return list;
    }

    private static double maxOverMean(ZoneLoad zone) {
        int max = 0;
        for (int n = 0; n < zone.size(); n++) {
            max = Math.max(max, zone.assigned(n));
        }
        return max / (zone.total() / (double) zone.liveCount());
    }
}
