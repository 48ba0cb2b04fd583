package io.zonecam.webrtc.sfu;

import java.util.concurrent.atomic.LongAdder;

/**
 * DropCounters counts what the SFU did not send: pictures and packets dropped by the slow-viewer policy, queue
 * flushes, packets refused by the socket or sent without consent, and NACKs that could not be served. Shared by all
 * viewers; {@link SfuMetrics} reports them.
 */
final class DropCounters {

    final LongAdder framesDropped = new LongAdder();
    final LongAdder packetsDropped = new LongAdder();
    final LongAdder queueFlushes = new LongAdder();
    final LongAdder nackMisses = new LongAdder();

    /** A picture of {@code packets} packets was dropped. */
    void frameDropped(int packets) {
        framesDropped.increment();
        packetsDropped.add(packets);
    }

    /** A queue of {@code packets} packets was flushed to make room for a keyframe. */
    void queueFlushed(int packets) {
        queueFlushes.increment();
        packetsDropped.add(packets);
    }

    /** Packets not sent for another reason (audio over budget, replaced by a burst, no consent, socket full). */
    void packetsDropped(long packets) {
        packetsDropped.add(packets);
    }

    /** A NACKed packet that will not be retransmitted. */
    void nackMissed() {
        nackMisses.increment();
    }
}
