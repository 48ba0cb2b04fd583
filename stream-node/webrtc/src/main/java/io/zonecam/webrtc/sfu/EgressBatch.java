package io.zonecam.webrtc.sfu;

import java.util.Arrays;

/**
 * EgressBatch is the work an egress worker takes from one viewer's queue at a time: up to {@link ViewerQueue#BATCH}
 * shared packets with their timestamp deltas, the NACKed sequence numbers and whether a sender report is due. Owned
 * and reused by one worker.
 */
final class EgressBatch {

    final OutboundPacket[] packets = new OutboundPacket[ViewerQueue.BATCH];
    /** Added to each packet's camera timestamp (non-zero for the pictures of a GOP burst). */
    final int[] deltas = new int[ViewerQueue.BATCH];

    final int[] nacks = new int[ViewerQueue.MAX_PENDING_NACKS];
    int size;
    int nackCount;
    boolean senderReport;

    /** Forgets the packets (so the batch holds no reference to them) and the rest. */
    void clear() {
        Arrays.fill(packets, 0, size, null);
        size = 0;
        nackCount = 0;
        senderReport = false;
    }
}
