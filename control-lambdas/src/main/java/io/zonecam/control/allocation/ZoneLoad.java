package io.zonecam.control.allocation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * ZoneLoad places cameras on the nodes of one zone by rendezvous (highest random weight) hashing with bounded load.
 *
 * <p>Each camera ranks the nodes by a hash of (camera, node) and takes the best-ranked node that is below the load
 * bound {@code ceil((1 + epsilon) * total / liveNodes)} and its own capacity. Because the ranking of two nodes for a
 * camera never depends on the other nodes, removing a node moves only that node's cameras, and adding one draws
 * about 1/N of the cameras (Thaler and Ravishankar, "Using name-based mappings to increase hit rates", 1998;
 * Mirrokni, Thorup and Zadimoghaddam, "Consistent Hashing with Bounded Loads", 2018, for the bound).
 *
 * <p>The bound makes a node refuse cameras while it is momentarily ahead, so about 2 % of a zone's cameras sit on
 * their second choice while their first ends below the mean. A rebalance after a join must leave those alone: it
 * draws a camera only to a node that joined after the camera was placed ({@link #preferredMove}), which is exactly
 * what the join changed for that camera.
 *
 * <p>Not thread-safe: one instance per allocation decision or batch.
 */
public final class ZoneLoad {

    private final UUID[] nodes;
    private final long[] keys;
    private final int[] assigned;
    private final int[] capacity;
    private final boolean[] live;
    private final Instant[] joinedAt;
    private final double epsilon;
    private int total;
    private int liveCount;

    /**
     * One node's current state; {@code joinedAt} is when it last began to take cameras (registered, came back, or its
     * drain was cancelled), which a rebalance compares with the cameras' placement times.
     */
    public record NodeSlot(UUID nodeId, int assigned, int capacity, boolean live, Instant joinedAt) {

        /** A node that took cameras before any placement in question: a rebalance draws nothing to it. */
        public NodeSlot(UUID nodeId, int assigned, int capacity, boolean live) {
            this(nodeId, assigned, capacity, live, Instant.MIN);
        }
    }

    public ZoneLoad(List<NodeSlot> slots, double epsilon) {
        int n = slots.size();
        this.nodes = new UUID[n];
        this.keys = new long[n];
        this.assigned = new int[n];
        this.capacity = new int[n];
        this.live = new boolean[n];
        this.joinedAt = new Instant[n];
        this.epsilon = epsilon;
        for (int i = 0; i < n; i++) {
            NodeSlot s = slots.get(i);
            nodes[i] = s.nodeId();
            keys[i] = key(s.nodeId());
            assigned[i] = s.assigned();
            capacity[i] = s.capacity();
            live[i] = s.live();
            joinedAt[i] = s.joinedAt() == null ? Instant.MIN : s.joinedAt();
            if (s.live()) {
                total += s.assigned();
                liveCount++;
            }
        }
    }

    /** Number of nodes known, live or not. */
    public int size() {
        return nodes.length;
    }

    /** The node id at an index. */
    public UUID node(int index) {
        return nodes[index];
    }

    /** Index of a node id, or -1. */
    public int indexOf(UUID nodeId) {
        for (int i = 0; i < nodes.length; i++) {
            if (nodes[i].equals(nodeId)) {
                return i;
            }
        }
        return -1;
    }

    /** Cameras currently on a node. */
    public int assigned(int index) {
        return assigned[index];
    }

    /** Cameras on live nodes. */
    public int total() {
        return total;
    }

    /** Nodes that take cameras. */
    public int liveCount() {
        return liveCount;
    }

    /** The most cameras any live node may hold once the zone holds {@code cameras} cameras. */
    public int bound(int cameras) {
        return liveCount == 0 ? 0 : (int) Math.ceil((1.0 + epsilon) * cameras / liveCount);
    }

    /**
     * Places a new camera: returns the chosen node's index and counts it there, or -1 when no live node has room.
     */
    public int place(UUID camera) {
        int chosen = best(key(camera), bound(total + 1));
        if (chosen >= 0) {
            assigned[chosen]++;
            total++;
        }
        return chosen;
    }

    /**
     * Takes a node out (dead or draining) and returns its cameras' new nodes, in the order given; -1 where no live
     * node had room. Only these cameras move.
     */
    public int[] remove(int index, List<UUID> camerasOnNode) {
        if (live[index]) {
            live[index] = false;
            liveCount--;
            total -= assigned[index];
        }
        assigned[index] = 0;
        int[] moved = new int[camerasOnNode.size()];
        for (int i = 0; i < moved.length; i++) {
            moved[i] = place(camerasOnNode.get(i));
        }
        return moved;
    }

    /**
     * Where a camera placed at {@code placedAt} would rather be now: its best-ranked live node, when that node joined
     * after the placement, differs from {@code current} and is below the zone's mean load and its capacity; otherwise
     * -1. Used to rebalance after nodes join: it draws only the cameras whose ranking puts a node that joined since
     * first, about 1/N of them, and never shuffles cameras among the nodes that were there. A camera whose first
     * choice was already live when it was placed went elsewhere because that node was at the load bound; drawing it
     * back now is no part of the join and would move cameras between old nodes. A null {@code placedAt} (not known)
     * counts as before every join.
     */
    public int preferredMove(UUID camera, int current, Instant placedAt) {
        long ck = key(camera);
        int top = -1;
        long topScore = Long.MIN_VALUE;
        for (int i = 0; i < nodes.length; i++) {
            if (live[i]) {
                long s = score(ck, keys[i]);
                if (s > topScore) {
                    topScore = s;
                    top = i;
                }
            }
        }
        double mean = liveCount == 0 ? 0 : total / (double) liveCount;
        if (top < 0
                || top == current
                || !joinedAt[top].isAfter(placedAt == null ? Instant.MIN : placedAt)
                || assigned[top] >= mean
                || assigned[top] >= capacity[top]) {
            return -1;
        }
        return top;
    }

    /** Moves one camera's count between nodes (after {@link #preferredMove}). */
    public void move(int from, int to) {
        if (from >= 0 && live[from]) {
            assigned[from]--;
            total--;
        }
        assigned[to]++;
        total++;
    }

    private int best(long cameraKey, int bound) {
        int chosen = -1;
        long bestScore = Long.MIN_VALUE;
        for (int i = 0; i < nodes.length; i++) {
            if (live[i] && assigned[i] < Math.min(bound, capacity[i])) {
                long s = score(cameraKey, keys[i]);
                if (s > bestScore) {
                    bestScore = s;
                    chosen = i;
                }
            }
        }
        return chosen;
    }

    /** A well-mixed 64-bit key of a UUID. */
    static long key(UUID id) {
        return mix(id.getMostSignificantBits() ^ Long.rotateLeft(id.getLeastSignificantBits(), 29));
    }

    /** The rendezvous weight of a (camera, node) pair. */
    static long score(long cameraKey, long nodeKey) {
        return mix(cameraKey ^ (nodeKey * 0x9E3779B97F4A7C15L));
    }

    /** The 64-bit finalizer of MurmurHash3: every input bit affects every output bit. */
    static long mix(long z) {
        z ^= z >>> 33;
        z *= 0xff51afd7ed558ccdL;
        z ^= z >>> 33;
        z *= 0xc4ceb9fe1a85ec53L;
        z ^= z >>> 33;
        return z;
    }
}
