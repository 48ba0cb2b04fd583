package io.zonecam.control.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ZoneLoadTest {

    static final double EPSILON = 0.05;
    final Random random = new Random(42);

    List<ZoneLoad.NodeSlot> nodes(int n, int capacity) {
        List<ZoneLoad.NodeSlot> slots = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            slots.add(new ZoneLoad.NodeSlot(new UUID(random.nextLong(), random.nextLong()), 0, capacity, true));
        }
        return slots;
    }

    List<UUID> cameras(int n) {
        List<UUID> c = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            c.add(new UUID(random.nextLong(), random.nextLong()));
        }
        return c;
    }

    @Test
    void shouldKeepEveryNodeWithinTheLoadBound() {
        ZoneLoad load = new ZoneLoad(nodes(40, 10_000), EPSILON);
        for (UUID c : cameras(20_000)) {
            assertThat(load.place(c)).isNotNegative();
        }
        int max = 0;
        for (int i = 0; i < load.size(); i++) {
            max = Math.max(max, load.assigned(i));
        }
        double mean = 20_000 / 40.0;
        assertThat(max / mean).isLessThanOrEqualTo(1 + EPSILON + 1 / mean);
    }

    @Test
    void shouldMoveOnlyTheRemovedNodesCameras() {
        List<ZoneLoad.NodeSlot> slots = nodes(10, 10_000);
        ZoneLoad load = new ZoneLoad(slots, EPSILON);
        List<UUID> cams = cameras(5_000);
        int[] placement = new int[cams.size()];
        for (int i = 0; i < cams.size(); i++) {
            placement[i] = load.place(cams.get(i));
        }
        int victim = 3;
        List<UUID> onVictim = new ArrayList<>();
        for (int i = 0; i < cams.size(); i++) {
            if (placement[i] == victim) {
                onVictim.add(cams.get(i));
            }
        }
        int[] moved = load.remove(victim, onVictim);
        assertThat(moved).doesNotContain(victim, -1);
        assertThat(load.total()).isEqualTo(5_000);
        assertThat(load.assigned(victim)).isZero();
        // Every other camera keeps its node: nothing else was touched.
        int sum = 0;
        for (int i = 0; i < load.size(); i++) {
            sum += load.assigned(i);
        }
        assertThat(sum).isEqualTo(5_000);
    }

    @Test
    void shouldDrawAboutOneNthWhenANodeJoins() {
        List<ZoneLoad.NodeSlot> slots = new ArrayList<>(nodes(9, 10_000));
        ZoneLoad before = new ZoneLoad(slots, EPSILON);
        List<UUID> cams = cameras(9_000);
        int[] placement = new int[cams.size()];
        for (int i = 0; i < cams.size(); i++) {
            placement[i] = before.place(cams.get(i));
        }
        // The new zone state: the same nodes with their loads, plus one empty node.
        List<ZoneLoad.NodeSlot> grown = new ArrayList<>();
        for (int i = 0; i < slots.size(); i++) {
            grown.add(new ZoneLoad.NodeSlot(slots.get(i).nodeId(), before.assigned(i), 10_000, true));
        }
        grown.add(new ZoneLoad.NodeSlot(UUID.randomUUID(), 0, 10_000, true));
        ZoneLoad after = new ZoneLoad(grown, EPSILON);
        int moved = 0;
        for (int i = 0; i < cams.size(); i++) {
            int target = after.preferredMove(cams.get(i), placement[i]);
            if (target >= 0) {
                assertThat(target).as("cameras only move to the new node").isEqualTo(9);
                after.move(placement[i], target);
                moved++;
            }
        }
        assertThat(moved).isBetween(800, 1000);
    }

    @Test
    void shouldRespectNodeCapacityAndReportFullZones() {
        ZoneLoad load = new ZoneLoad(nodes(2, 3), EPSILON);
        int placed = 0;
        for (UUID c : cameras(10)) {
            if (load.place(c) >= 0) {
                placed++;
            }
        }
        assertThat(placed).isEqualTo(6);
        assertThat(new ZoneLoad(List.of(), EPSILON).place(UUID.randomUUID())).isEqualTo(-1);
    }

    @Test
    void shouldSkipNodesThatAreNotLive() {
        List<ZoneLoad.NodeSlot> slots = new ArrayList<>(nodes(3, 100));
        slots.set(1, new ZoneLoad.NodeSlot(slots.get(1).nodeId(), 0, 100, false));
        ZoneLoad load = new ZoneLoad(slots, EPSILON);
        int[] count = new int[3];
        for (UUID c : cameras(50)) {
            count[load.place(c)]++;
        }
        assertThat(count[1]).isZero();
        assertThat(Arrays.stream(count).sum()).isEqualTo(50);
    }

    @Test
    void shouldPlaceTheSameCameraOnTheSameNodeEveryTime() {
        List<ZoneLoad.NodeSlot> slots = nodes(20, 1000);
        UUID camera = UUID.randomUUID();
        int first = new ZoneLoad(slots, EPSILON).place(camera);
        for (int i = 0; i < 5; i++) {
            assertThat(new ZoneLoad(slots, EPSILON).place(camera)).isEqualTo(first);
        }
    }
}
