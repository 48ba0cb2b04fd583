package io.zonecam.bench.viewer;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * ReceiveLedger keeps one video source's receive record by extended sequence number: what arrived (first copy or
 * RTX repair), what is still missing and due a NACK, and, once a sequence number is {@link #SETTLE} packets behind
 * the highest, whether it was lost for good and whether the frame it belongs to (packets between two RTP marker
 * bits) arrived complete. Loss is thus counted after NACK repair, as a player sees it.
 */
final class ReceiveLedger {

    /** Sequence numbers this far behind the highest are settled: about 1.3 s of a 2 Mb/s stream. */
    static final int SETTLE = 256;

    private static final long NACK_INTERVAL = 50_000_000L;
    private static final int NACK_ATTEMPTS = 5;
    private static final int MAX_PENDING = 512;

    private int ssrc;
    private boolean started;
    private long base;
    private long highest = -1;
    private long settledTo;
    private long previousMarker;
    private final BitSet got = new BitSet();
    private final TreeSet<Long> markers = new TreeSet<>();
    /** Missing sequence number → {attempts, next attempt time}. */
    private final TreeMap<Long, long[]> pending = new TreeMap<>();

    long received;
    long repaired;
    long duplicates;
    /** Packets (repairs) that arrived after their sequence number was settled as lost. */
    long late;

    long lost;
    long framesComplete;
    long framesIncomplete;
    long sourceChanges;
    private long settledSinceReport;
    private long lostSinceReport;

    static long unwrap(long highest, int seq) {
        long ext = (highest & ~0xFFFFL) | seq;
        if (ext < highest - 32768) {
            ext += 65536;
        } else if (ext > highest + 32768 && ext >= 65536) {
            ext -= 65536;
        }
        return ext;
    }

    boolean sameSource(int packetSsrc) {
        return started && packetSsrc == ssrc;
    }

    /** A new media SSRC: settles everything of the old one and starts over. */
    void restart(int packetSsrc) {
        if (started) {
            settleAll();
            sourceChanges++;
            pending.clear();
            markers.clear();
            got.clear();
        }
        started = false;
        ssrc = packetSsrc;
        highest = -1;
    }

    int ssrc() {
        return ssrc;
    }

    long highest() {
        return highest;
    }

    /** The extended sequence number a packet probably has, before it is authenticated. */
    long guess(int seq) {
        return highest < 0 ? seq : unwrap(highest, seq);
    }

    /** An authenticated media packet; true when it revealed a gap worth a NACK at once. */
    boolean onPacket(long ext, boolean marker, long now) {
        if (!started) {
            started = true;
            base = ext;
            settledTo = ext;
            previousMarker = ext - 1;
            highest = ext;
        }
        if (!record(ext, marker)) {
            return false;
        }
        boolean gap = false;
        if (ext > highest) {
            for (long m = Math.max(highest + 1, ext - 100); m < ext; m++) {
                if (pending.size() < MAX_PENDING) {
                    pending.put(m, new long[] {0, now});
                    gap = true;
                }
            }
            highest = ext;
            settle(highest - SETTLE);
        }
        return gap;
    }

    /** The original sequence number carried by an RTX packet. */
    void onRepair(int originalSeq, boolean marker) {
        if (!started) {
            return;
        }
        if (record(unwrap(highest, originalSeq), marker)) {
            repaired++;
        }
    }

    private boolean record(long ext, boolean marker) {
        if (ext < settledTo) {
            late++; // settled already (or before the first packet): too late to matter
            return false;
        }
        int i = (int) (ext - base);
        if (got.get(i)) {
            duplicates++;
            return false;
        }
        got.set(i);
        received++;
        if (!pending.isEmpty()) { // the common case, a packet in order, touches no map
            pending.remove(ext);
        }
        if (marker) {
            markers.add(ext);
        }
        return true;
    }

    /** Generic NACK entries (PID << 16 | BLP) for the missing packets whose next attempt is due. */
    int[] dueNacks(long now) {
        if (pending.isEmpty()) {
            return new int[0];
        }
        List<Long> due = new ArrayList<>();
        Iterator<Map.Entry<Long, long[]>> it = pending.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, long[]> e = it.next();
            long[] state = e.getValue();
            if (state[1] > now) {
                continue;
            }
            due.add(e.getKey());
            if (++state[0] >= NACK_ATTEMPTS) {
                it.remove();
            } else {
                state[1] = now + NACK_INTERVAL;
            }
        }
        List<Integer> fci = new ArrayList<>();
        int i = 0;
        while (i < due.size()) {
            long pid = due.get(i);
            int blp = 0;
            int j = i + 1;
            while (j < due.size() && due.get(j) - pid <= 16) {
                blp |= 1 << (due.get(j) - pid - 1);
                j++;
            }
            fci.add((int) ((pid & 0xFFFF) << 16) | blp);
            i = j;
        }
        return fci.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Settles everything received so far (end of a run). */
    void settleAll() {
        if (started) {
            settle(highest + 1);
        }
    }

    private void settle(long limit) {
        for (long e = settledTo; e < limit; e++) {
            if (!got.get((int) (e - base))) {
                lost++;
                lostSinceReport++;
            }
            settledSinceReport++;
        }
        settledTo = Math.max(settledTo, limit);
        if (!pending.isEmpty() && pending.firstKey() < settledTo) {
            pending.headMap(settledTo).clear();
        }
        while (!markers.isEmpty() && markers.first() < settledTo) {
            long m = markers.pollFirst();
            int from = (int) (previousMarker + 1 - base);
            if (got.nextClearBit(from) > (int) (m - base)) {
                framesComplete++;
            } else {
                framesIncomplete++;
            }
            previousMarker = m;
        }
    }

    /** RFC 3550 fraction lost (8 bits) over the packets settled since the last report. */
    int takeFractionLost() {
        int fraction = settledSinceReport == 0 ? 0 : (int) Math.min(255, lostSinceReport * 256 / settledSinceReport);
        settledSinceReport = 0;
        lostSinceReport = 0;
        return fraction;
    }
}
