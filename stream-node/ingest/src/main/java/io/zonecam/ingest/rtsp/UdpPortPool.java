package io.zonecam.ingest.rtsp;

import java.util.BitSet;

/**
 * UdpPortPool hands out RTP/RTCP server port pairs (even RTP port, RTCP = RTP + 1, RFC 3550 §11) from a configured
 * range, round-robin so a just-released pair is not reused at once (late packets of the old session).
 */
public final class UdpPortPool {

    private final int first;
    private final int pairs;
    private final BitSet used;
    private int next;

    /** A pool over {@code [min, max]}; min is rounded up to even. */
    public UdpPortPool(int min, int max) {
        int evenMin = (min + 1) & ~1;
        if (evenMin < 1024 || max > 65535 || max < evenMin + 1) {
            throw new IllegalArgumentException("UDP port range " + min + "-" + max + " holds no even/odd pair >= 1024");
        }
        this.first = evenMin;
        this.pairs = (max - evenMin + 1) / 2;
        this.used = new BitSet(pairs);
    }

    /** Reserves a pair and returns its RTP port, or -1 when every pair is in use. */
    public synchronized int allocate() {
        for (int i = 0; i < pairs; i++) {
            int idx = (next + i) % pairs;
            if (!used.get(idx)) {
                used.set(idx);
                next = (idx + 1) % pairs;
                return first + 2 * idx;
            }
        }
        return -1;
    }

    /** Returns a pair to the pool. */
    public synchronized void release(int rtpPort) {
        int idx = (rtpPort - first) / 2;
        if (idx >= 0 && idx < pairs) {
            used.clear(idx);
        }
    }

    /** Pairs in use. */
    public synchronized int inUse() {
        return used.cardinality();
    }

    /** Pairs in the range. */
    public int capacity() {
        return pairs;
    }
}
