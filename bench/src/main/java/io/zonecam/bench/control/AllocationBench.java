package io.zonecam.bench.control;

import io.zonecam.control.allocation.ZoneChooser;
import io.zonecam.control.allocation.ZoneLoad;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * AllocationBench places 1,000,000 cameras over 50 zones of 40 nodes with the control plane's allocator
 * (zone by affinity and headroom, node by bounded-load rendezvous hashing), then takes one node away.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar io.zonecam.bench.control.AllocationBench [cameras zones nodes]}.
 * Prints the placement time, the max/mean node load and how many cameras moved when one node left.
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

        // One node of zone 0 leaves: only its cameras may move.
        ZoneLoad zone0 = loads.get(0);
        List<UUID> leaving = new ArrayList<>();
        for (int i = 0; i < cameras; i++) {
            if (zoneOf[i] == 0 && nodeOf[i] == 0) {
                leaving.add(ids[i]);
            }
        }
        long moveStart = System.nanoTime();
        int[] moved = zone0.remove(0, leaving);
        double moveMs = (System.nanoTime() - moveStart) / 1e6;
        long placedAgain = java.util.Arrays.stream(moved).filter(m -> m >= 0).count();

        System.out.printf("cameras=%d zones=%d nodes/zone=%d epsilon=%.2f%n", cameras, zones, nodesPerZone, epsilon);
        System.out.printf("placement: %.2f s (%.0f cameras/s)%n", seconds, cameras / seconds);
        System.out.printf(
                "load: max=%d mean=%.1f max/mean(global)=%.3f worst max/mean(in zone)=%.3f%n",
                max, globalMean, max / globalMean, worstRatio);
        System.out.printf(
                "node leaves: its cameras=%d, moved=%d (ratio %.3f), re-placed=%d in %.1f ms%n",
                leaving.size(), moved.length, moved.length / (double) leaving.size(), placedAgain, moveMs);
    }
}
