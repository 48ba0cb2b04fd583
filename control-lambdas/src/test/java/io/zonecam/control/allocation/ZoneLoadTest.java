package io.zonecam.control.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
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

    static final Instant PLACED = Instant.parse("2026-03-01T10:00:00Z");
    static final Instant JOINED = PLACED.plusSeconds(60);

    /** Places the cameras in order on a fresh zone of these nodes; returns each camera's node. */
    static int[] placeAll(ZoneLoad load, List<UUID> cams) {
        int[] placement = new int[cams.size()];
        for (int i = 0; i < cams.size(); i++) {
            placement[i] = load.place(cams.get(i));
            assertThat(placement[i]).isNotNegative();
        }
        return placement;
    }

    /** The same nodes with the loads of {@code before}, plus one empty node that joined at {@link #JOINED}. */
    static ZoneLoad grown(List<ZoneLoad.NodeSlot> slots, ZoneLoad before, int capacity) {
        List<ZoneLoad.NodeSlot> grown = new ArrayList<>();
        for (int i = 0; i < slots.size(); i++) {
            grown.add(new ZoneLoad.NodeSlot(
                    slots.get(i).nodeId(),
                    before.assigned(i),
                    capacity,
                    true,
                    slots.get(i).joinedAt()));
        }
        grown.add(new ZoneLoad.NodeSlot(UUID.randomUUID(), 0, capacity, true, JOINED));
        return new ZoneLoad(grown, EPSILON);
    }

    /**
     * The control plane's rebalance loop ({@code AllocationService.rebalance}) over cameras all placed at
     * {@code placedAt}: updates {@code placement} and returns the moves onto each node.
     */
    static int[] rebalance(ZoneLoad load, List<UUID> cams, int[] placement, Instant placedAt) {
        int[] onto = new int[load.size()];
        for (int i = 0; i < cams.size(); i++) {
            int target = load.preferredMove(cams.get(i), placement[i], placedAt);
            if (target >= 0) {
                load.move(placement[i], target);
                placement[i] = target;
                onto[target]++;
            }
        }
        return onto;
    }

    @Test
    void shouldDrawAboutOneNthWhenANodeJoins() {
        List<ZoneLoad.NodeSlot> slots = new ArrayList<>(nodes(9, 10_000));
        ZoneLoad before = new ZoneLoad(slots, EPSILON);
        List<UUID> cams = cameras(9_000);
        int[] placement = placeAll(before, cams);
        ZoneLoad after = grown(slots, before, 10_000);

        int[] onto = rebalance(after, cams, placement, PLACED);

        assertThat(Arrays.copyOf(onto, 9))
                .as("cameras only move to the new node")
                .containsOnly(0);
        assertThat(onto[9]).isBetween(800, 1000);
    }

    @Test
    void shouldMoveOnlyCamerasOntoTheJoiningNodeOfALargeZone() {
        // 40 nodes of 500 cameras, as a zone of the allocation benchmark: the load bound leaves about 2 % of the
        // cameras on their second choice while their first ends below the mean, and none of them may move.
        int capacity = 700;
        List<ZoneLoad.NodeSlot> slots = nodes(40, capacity);
        ZoneLoad before = new ZoneLoad(slots, EPSILON);
        List<UUID> cams = cameras(20_000);
        int[] placement = placeAll(before, cams);
        ZoneLoad after = grown(slots, before, capacity);

        int[] onto = rebalance(after, cams, placement, PLACED);

        assertThat(Arrays.copyOf(onto, 40))
                .as("no camera moves between old nodes")
                .containsOnly(0);
        double ideal = 20_000 / 41.0;
        assertThat(onto[40] / ideal).as("moves against the ideal 1/(N+1)").isBetween(0.9, 1.1);
        assertThat(after.assigned(40)).isEqualTo(onto[40]).isLessThanOrEqualTo((int) Math.ceil(ideal));
        for (int i = 0; i < after.size(); i++) {
            assertThat(after.assigned(i)).isLessThanOrEqualTo(capacity);
        }
        assertThat(after.total()).isEqualTo(20_000);
    }

    @Test
    void shouldMoveNothingWhenNoNodeJoinedSinceTheCamerasWerePlaced() {
        // The same zone without a join: some first choices sit below the mean, but they were there and full when
        // the cameras were placed.
        List<ZoneLoad.NodeSlot> slots = new ArrayList<>();
        for (ZoneLoad.NodeSlot s : nodes(40, 700)) {
            slots.add(new ZoneLoad.NodeSlot(s.nodeId(), 0, 700, true, PLACED.minusSeconds(3600)));
        }
        ZoneLoad load = new ZoneLoad(slots, EPSILON);
        List<UUID> cams = cameras(20_000);
        int[] placement = placeAll(load, cams);

        int[] onto = rebalance(load, cams, placement, PLACED);

        assertThat(onto).containsOnly(0);
    }

    @Test
    void shouldDrawBackOntoANodeThatReturnsAfterItsCamerasMovedAway() {
        // A drain moves a node's cameras off (placed anew then); the node returns later (registers again) and the
        // closing rebalance draws back the cameras that rank it first, onto it only.
        List<ZoneLoad.NodeSlot> slots = nodes(20, 700);
        ZoneLoad load = new ZoneLoad(slots, EPSILON);
        List<UUID> cams = cameras(10_000);
        int[] placement = placeAll(load, cams);
        int drained = 7;
        List<Integer> itsIndexes = new ArrayList<>();
        List<UUID> its = new ArrayList<>();
        for (int i = 0; i < cams.size(); i++) {
            if (placement[i] == drained) {
                itsIndexes.add(i);
                its.add(cams.get(i));
            }
        }
        int[] moved = load.remove(drained, its);
        for (int k = 0; k < moved.length; k++) {
            placement[itsIndexes.get(k)] = moved[k];
        }
        List<ZoneLoad.NodeSlot> back = new ArrayList<>();
        for (int i = 0; i < slots.size(); i++) {
            back.add(new ZoneLoad.NodeSlot(
                    slots.get(i).nodeId(), load.assigned(i), 700, true, i == drained ? JOINED : Instant.MIN));
        }
        ZoneLoad returned = new ZoneLoad(back, EPSILON);

        int[] onto = rebalance(returned, cams, placement, PLACED);

        int drawnBack = onto[drained];
        onto[drained] = 0;
        assertThat(onto).as("no camera moves onto the nodes that stayed").containsOnly(0);
        assertThat(returned.assigned(drained)).isEqualTo(drawnBack);
        assertThat(drawnBack / 500.0).as("about its share, at most the mean").isBetween(0.9, 1.0);
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
