package io.zonecam.webrtc.dtls;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * DtlsMetrics counts DTLS handshakes, their failures by reason, and datagrams dropped on the way in; one instance is
 * shared by every session of a node and read by the metrics exporter.
 */
public final class DtlsMetrics {

    private final LongAdder started = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private final Map<DtlsFailure, LongAdder> failures = new EnumMap<>(DtlsFailure.class);
    private final LongAdder datagramsIn = new LongAdder();
    private final LongAdder datagramsOut = new LongAdder();
    private final LongAdder droppedMalformed = new LongAdder();
    private final LongAdder droppedQueueFull = new LongAdder();
    private final LongAdder droppedAfterEnd = new LongAdder();
    private final LongAdder outboundErrors = new LongAdder();
    private final LongAdder peerClosed = new LongAdder();

    public DtlsMetrics() {
        for (DtlsFailure f : DtlsFailure.values()) {
            failures.put(f, new LongAdder());
        }
    }

    /** Handshakes started. */
    public long started() {
        return started.sum();
    }

    /** Handshakes that exported SRTP keying material. */
    public long completed() {
        return completed.sum();
    }

    /** Handshakes that failed for this reason. */
    public long failures(DtlsFailure reason) {
        return failures.get(reason).sum();
    }

    /** Datagrams fed to sessions. */
    public long datagramsIn() {
        return datagramsIn.sum();
    }

    /** Datagrams handed to the outbound callback. */
    public long datagramsOut() {
        return datagramsOut.sum();
    }

    /** Inbound datagrams that were not well-formed DTLS 1.x records, or announced an oversized handshake message. */
    public long droppedMalformed() {
        return droppedMalformed.sum();
    }

    /** Inbound datagrams dropped because the session's queue was full (floods, a stalled handshake thread). */
    public long droppedQueueFull() {
        return droppedQueueFull.sum();
    }

    /** Inbound datagrams that arrived after the session ended. */
    public long droppedAfterEnd() {
        return droppedAfterEnd.sum();
    }

    /** Outbound datagrams the callback refused with an exception. */
    public long outboundErrors() {
        return outboundErrors.sum();
    }

    /** Sessions the viewer ended with close_notify. */
    public long peerClosed() {
        return peerClosed.sum();
    }

    void countStarted() {
        started.increment();
    }

    void countCompleted() {
        completed.increment();
    }

    void countFailure(DtlsFailure reason) {
        failures.get(reason).increment();
    }

    void countDatagramIn() {
        datagramsIn.increment();
    }

    void countDatagramOut() {
        datagramsOut.increment();
    }

    void countDroppedMalformed() {
        droppedMalformed.increment();
    }

    void countDroppedQueueFull() {
        droppedQueueFull.increment();
    }

    void countDroppedAfterEnd() {
        droppedAfterEnd.increment();
    }

    void countOutboundError() {
        outboundErrors.increment();
    }

    void countPeerClosed() {
        peerClosed.increment();
    }
}
