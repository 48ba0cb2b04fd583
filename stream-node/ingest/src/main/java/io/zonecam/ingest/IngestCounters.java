package io.zonecam.ingest;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * IngestCounters are the live counters of one ingest server, cheap to update on the hot path and safe to read from
 * any thread (a metrics exporter polls {@link #snapshot()}).
 */
public final class IngestCounters {

    private final AtomicInteger connectionsActive = new AtomicInteger();
    private final AtomicInteger sessionsActive = new AtomicInteger();
    private final LongAdder connectionsAccepted = new LongAdder();
    private final LongAdder sessionsStarted = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder frames = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final LongAdder framesDropped = new LongAdder();
    private final EnumMap<RejectReason, LongAdder> rejected = new EnumMap<>(RejectReason.class);
    private final EnumMap<EndReason, LongAdder> ended = new EnumMap<>(EndReason.class);

    public IngestCounters() {
        for (RejectReason r : RejectReason.values()) {
            rejected.put(r, new LongAdder());
        }
        for (EndReason r : EndReason.values()) {
            ended.put(r, new LongAdder());
        }
    }

    /** Snapshot is a consistent-enough copy of the counters for export. */
    public record Snapshot(
            int connectionsActive,
            long connectionsAccepted,
            int sessionsActive,
            long sessionsStarted,
            long bytesIn,
            long frames,
            long malformed,
            long framesDropped,
            Map<RejectReason, Long> rejected,
            Map<EndReason, Long> ended) {
        /** Rejections for one reason. */
        public long rejected(RejectReason reason) {
            return rejected.getOrDefault(reason, 0L);
        }

        /** Sessions that ended for one reason. */
        public long ended(EndReason reason) {
            return ended.getOrDefault(reason, 0L);
        }
    }

    /** A copy of every counter. */
    public Snapshot snapshot() {
        EnumMap<RejectReason, Long> r = new EnumMap<>(RejectReason.class);
        rejected.forEach((k, v) -> r.put(k, v.sum()));
        EnumMap<EndReason, Long> e = new EnumMap<>(EndReason.class);
        ended.forEach((k, v) -> e.put(k, v.sum()));
        return new Snapshot(
                connectionsActive.get(),
                connectionsAccepted.sum(),
                sessionsActive.get(),
                sessionsStarted.sum(),
                bytesIn.sum(),
                frames.sum(),
                malformed.sum(),
                framesDropped.sum(),
                Collections.unmodifiableMap(r),
                Collections.unmodifiableMap(e));
    }

    /** Open TCP connections. */
    public int connectionsActive() {
        return connectionsActive.get();
    }

    /** Publish sessions between started and ended. */
    public int sessionsActive() {
        return sessionsActive.get();
    }

    /** Bytes received on TCP connections and UDP media sockets. */
    public long bytesIn() {
        return bytesIn.sum();
    }

    /** Frames handed to listeners. */
    public long frames() {
        return frames.sum();
    }

    /** Malformed requests, chunks, messages, packets or payloads. */
    public long malformed() {
        return malformed.sum();
    }

    /** Refusals for one reason. */
    public long rejected(RejectReason reason) {
        return rejected.get(reason).sum();
    }

    /** Sessions that ended for one reason. */
    public long ended(EndReason reason) {
        return ended.get(reason).sum();
    }

    /** Access units or packets dropped (before RECORD, unknown channel, before a sequence header, unsupported). */
    public long framesDropped() {
        return framesDropped.sum();
    }

    // Updaters are public so the servers in sub-packages can use them; they are not meant for the app.

    public void connectionOpened() {
        connectionsActive.incrementAndGet();
        connectionsAccepted.increment();
    }

    public void connectionClosed() {
        connectionsActive.decrementAndGet();
    }

    public void sessionStarted() {
        sessionsActive.incrementAndGet();
        sessionsStarted.increment();
    }

    public void sessionEnded(EndReason reason) {
        sessionsActive.decrementAndGet();
        ended.get(reason).increment();
    }

    public void addBytesIn(long n) {
        bytesIn.add(n);
    }

    public void countFrame() {
        frames.increment();
    }

    public void countMalformed() {
        malformed.increment();
    }

    public void countFrameDropped() {
        framesDropped.increment();
    }

    public void reject(RejectReason reason) {
        rejected.get(reason).increment();
    }
}
