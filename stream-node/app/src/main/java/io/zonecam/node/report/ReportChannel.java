package io.zonecam.node.report;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.zonecam.sdk.ApiException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * ReportChannel queues one kind of record for the control plane and sends it in batches from its own virtual thread;
 * the invariants are in this package's documentation. Made by {@link ControlPlaneReports#channel}.
 */
public final class ReportChannel<T> {

    private static final Logger LOG = Logger.getLogger(ReportChannel.class);

    /** How often a channel sends, how it backs off while the control plane is down, how long it flushes at the end. */
    record Pacing(Duration interval, Duration firstBackoff, Duration maxBackoff, Duration flushBound) {
        static final Pacing DEFAULT =
                new Pacing(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(3));
    }

    private final String name;
    private final int maxBatch;
    private final BatchSender<T> sender;
    private final Supplier<UUID> nodeId;
    private final Pacing pacing;
    private final boolean enabled;
    private final ArrayBlockingQueue<T> queue;
    /** The batch being sent (and resent): taken from the queue, so at most capacity + maxBatch records are held. */
    private final List<T> batch;

    private final Counter dropped;
    private final Counter sent;
    private final Counter rejected;
    private final Thread worker;
    private volatile boolean closing;
    private volatile int inFlight;

    ReportChannel(
            String name,
            int capacity,
            int maxBatch,
            BatchSender<T> sender,
            Supplier<UUID> nodeId,
            boolean enabled,
            MeterRegistry registry,
            Pacing pacing) {
        if (capacity < 1 || maxBatch < 1 || maxBatch > capacity) {
            throw new IllegalArgumentException("need 1 <= maxBatch <= capacity, got " + maxBatch + " and " + capacity);
        }
        this.name = name;
        this.maxBatch = maxBatch;
        this.sender = sender;
        this.nodeId = nodeId;
        this.pacing = pacing;
        this.enabled = enabled;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.batch = new ArrayList<>(maxBatch);
        this.dropped = counter(registry, "zonecam.reports.dropped", "records dropped: queue full or left at shutdown");
        this.sent = counter(registry, "zonecam.reports.sent", "records the control plane accepted");
        this.rejected = counter(registry, "zonecam.reports.rejected", "records in batches refused as malformed");
        Gauge.builder("zonecam.reports.pending", this, ReportChannel::pending)
                .tag("channel", name)
                .description("records waiting for the control plane")
                .register(registry);
        this.worker =
                enabled ? Thread.ofVirtual().name("zonecam-report-" + name).start(this::run) : null;
    }

    private Counter counter(MeterRegistry registry, String metric, String description) {
        return Counter.builder(metric)
                .tag("channel", name)
                .description(description)
                .register(registry);
    }

    /**
     * Queues a record without blocking. False when it was not taken: the queue is full or the channel is closed
     * (counted as dropped), or the node runs without a control plane (not counted: there is nowhere to report).
     */
    public boolean offer(T record) {
        if (!enabled) {
            return false;
        }
        if (closing || !queue.offer(record)) {
            dropped.increment();
            return false;
        }
        return true;
    }

    /** Records held: queued plus the batch being sent. */
    public int pending() {
        return queue.size() + inFlight;
    }

    public String name() {
        return name;
    }

    private void run() {
        long backoffNanos = pacing.firstBackoff().toNanos();
        boolean down = false;
        while (!closing) {
            UUID node = nodeId.get();
            if (node != null) {
                fill();
            }
            if (node == null || batch.isEmpty()) {
                pause(pacing.interval().toNanos());
                continue;
            }
            Exception failure = attempt(node);
            if (failure == null) {
                if (down) {
                    LOG.infof("reports of '%s' reach the control plane again", name);
                    down = false;
                }
                backoffNanos = pacing.firstBackoff().toNanos();
                if (queue.size() < maxBatch) {
                    pause(pacing.interval().toNanos());
                }
            } else {
                if (!down) {
                    LOG.warnf(
                            "reports of '%s' not accepted (%s); holding %d and retrying with backoff",
                            name, failure.getMessage(), pending());
                    down = true;
                }
                pause(backoffNanos);
                backoffNanos = Math.min(backoffNanos * 2, pacing.maxBackoff().toNanos());
            }
        }
        flush();
    }

    /** At shutdown: sends what is left, each batch once, within the flush bound; what remains is counted as dropped. */
    private void flush() {
        long deadline = System.nanoTime() + pacing.flushBound().toNanos();
        UUID node = nodeId.get();
        while (node != null
                && System.nanoTime() - deadline < 0
                && !Thread.currentThread().isInterrupted()) {
            fill();
            if (batch.isEmpty() || attempt(node) != null) {
                break;
            }
        }
        int lost = pending();
        if (lost > 0) {
            dropped.increment(lost);
            LOG.warnf("%d reports of '%s' not sent before shutdown", lost, name);
        }
    }

    private void fill() {
        if (batch.isEmpty()) {
            queue.drainTo(batch, maxBatch);
            inFlight = batch.size();
        }
    }

    /** Sends the current batch once; null when it is done with (accepted, or refused as malformed). */
    private Exception attempt(UUID node) {
        try {
            sender.send(node, List.copyOf(batch));
            sent.increment(batch.size());
        } catch (ApiException e) {
            if (!malformed(e)) {
                return e;
            }
            // Sending it again cannot help, and it would hold up every record behind it.
            rejected.increment(batch.size());
            LOG.errorf(
                    "control plane refused %d reports of '%s' (%d): %s",
                    batch.size(), name, e.getCode(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        } catch (Exception e) {
            return e;
        }
        batch.clear();
        inFlight = 0;
        return null;
    }

    private static boolean malformed(ApiException e) {
        return e.getCode() == 400 || e.getCode() == 413 || e.getCode() == 422;
    }

    private void pause(long nanos) {
        long deadline = System.nanoTime() + nanos;
        long left;
        while (!closing && (left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(this, left);
        }
    }

    /** Stops taking records and wakes the sender for its final flush. */
    void shutdown() {
        closing = true;
        if (worker != null) {
            LockSupport.unpark(worker);
        }
    }

    /** Waits for the final flush until {@code deadlineNanos} (System.nanoTime), then interrupts a stuck send. */
    void awaitTermination(long deadlineNanos) {
        if (worker == null) {
            return;
        }
        try {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0 || !worker.join(Duration.ofNanos(left))) {
                worker.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Shuts down and waits for the final flush, bounded by the pacing's flush bound plus a second. */
    public void close() {
        shutdown();
        awaitTermination(System.nanoTime() + pacing.flushBound().plusSeconds(1).toNanos());
    }
}
