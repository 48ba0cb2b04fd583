package io.zonecam.node.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zonecam.sdk.ApiException;
import io.zonecam.testing.Await;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * ReportChannel without sockets: a sender in memory that records what it was given, fails on demand (a control plane
 * down, or one refusing a batch as malformed) and recovers; the pacing is shortened so the tests take milliseconds.
 */
class ReportChannelTest {

    private static final ReportChannel.Pacing FAST = new ReportChannel.Pacing(
            Duration.ofMillis(10), Duration.ofMillis(5), Duration.ofMillis(40), Duration.ofSeconds(2));
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicReference<UUID> nodeId = new AtomicReference<>(UUID.randomUUID());
    private final List<ReportChannel<?>> opened = new ArrayList<>();

    /** Records every batch; fails while {@code failures} is positive, counting down. */
    private static final class FakeControlPlane implements BatchSender<Integer> {
        final List<List<Integer>> batches = new CopyOnWriteArrayList<>();
        final List<Long> attemptNanos = new CopyOnWriteArrayList<>();
        final AtomicInteger failures = new AtomicInteger();
        volatile Exception failure = new IOException("connection refused");
        volatile UUID lastNode;

        @Override
        public void send(UUID node, List<Integer> batch) throws Exception {
            attemptNanos.add(System.nanoTime());
            if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw failure;
            }
            lastNode = node;
            batches.add(batch);
        }

        List<Integer> delivered() {
            return batches.stream().flatMap(List::stream).toList();
        }
    }

    @AfterEach
    void close() {
        opened.forEach(ReportChannel::close);
    }

    private ReportChannel<Integer> channel(int capacity, int maxBatch, FakeControlPlane sender, boolean enabled) {
        return channel(capacity, maxBatch, sender, enabled, FAST);
    }

    private ReportChannel<Integer> channel(
            int capacity, int maxBatch, FakeControlPlane sender, boolean enabled, ReportChannel.Pacing pacing) {
        ReportChannel<Integer> c =
                new ReportChannel<>("test", capacity, maxBatch, sender, nodeId::get, enabled, registry, pacing);
        opened.add(c);
        return c;
    }

    private double counter(String name) {
        var c = registry.find(name).tag("channel", "test").counter();
        return c == null ? 0 : c.count();
    }

    private static List<Integer> range(int from, int to) {
        return IntStream.range(from, to).boxed().toList();
    }

    @Test
    void shouldSendEveryRecordInOrderInBatchesOfAtMostMaxBatch() {
        FakeControlPlane cp = new FakeControlPlane();
        ReportChannel<Integer> c = channel(1000, 10, cp, true);
        range(0, 95).forEach(i -> assertThat(c.offer(i)).isTrue());

        Await.until("95 records delivered", WAIT, () -> cp.delivered().size() == 95);
        assertThat(cp.delivered()).isEqualTo(range(0, 95));
        assertThat(cp.batches).allSatisfy(b -> assertThat(b).hasSizeBetween(1, 10));
        assertThat(cp.lastNode).isEqualTo(nodeId.get());
        assertThat(counter("zonecam.reports.sent")).isEqualTo(95);
        assertThat(c.pending()).isZero();
    }

    @Test
    void shouldKeepRecordsThroughAnOutageAndResendTheSameBatchWithGrowingBackoff() {
        FakeControlPlane cp = new FakeControlPlane();
        cp.failures.set(6);
        UUID node = nodeId.getAndSet(null); // so the first batch holds all four it may
        ReportChannel<Integer> c = channel(1000, 4, cp, true);
        range(0, 10).forEach(c::offer);
        nodeId.set(node);
        Await.until("the outage's six failed attempts", WAIT, () -> cp.attemptNanos.size() >= 6);
        // Offered during the outage: queued behind the batch being retried.
        range(10, 20).forEach(c::offer);

        Await.until(
                "20 records delivered after the outage",
                WAIT,
                () -> cp.delivered().size() == 20);
        assertThat(cp.delivered()).as("in order, none twice").isEqualTo(range(0, 20));
        assertThat(cp.batches.get(0)).as("the batch that failed six times").isEqualTo(range(0, 4));
        // Backoff doubles from 5 ms to its 40 ms cap: the sixth gap is at least the cap.
        long lastGap = cp.attemptNanos.get(6) - cp.attemptNanos.get(5);
        assertThat(Duration.ofNanos(lastGap)).isGreaterThanOrEqualTo(Duration.ofMillis(40));
        assertThat(counter("zonecam.reports.dropped")).isZero();
    }

    @Test
    void shouldDropAndCountWhatAFullQueueCannotTakeWithoutBlocking() {
        FakeControlPlane cp = new FakeControlPlane();
        nodeId.set(null); // not registered yet: nothing leaves the queue
        ReportChannel<Integer> c = channel(50, 10, cp, true);
        List<Boolean> taken = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        range(0, 80).forEach(i -> taken.add(c.offer(i)));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));

        assertThat(taken.subList(0, 50)).containsOnly(true);
        assertThat(taken.subList(50, 80)).containsOnly(false);
        assertThat(counter("zonecam.reports.dropped")).isEqualTo(30);
        assertThat(c.pending()).isEqualTo(50);
        assertThat(cp.attemptNanos).as("nothing sent before the node has an id").isEmpty();

        nodeId.set(UUID.randomUUID());
        Await.until(
                "the queued 50 delivered once registered",
                WAIT,
                () -> cp.delivered().size() == 50);
        assertThat(cp.delivered()).isEqualTo(range(0, 50));
        assertThat(c.offer(80)).as("room again").isTrue();
    }

    @Test
    void shouldDropABatchRefusedAsMalformedAndGoOnWithTheNext() {
        FakeControlPlane cp = new FakeControlPlane();
        cp.failure = new ApiException(400, "reports[0].occurredAt: must be within the last 7 days");
        cp.failures.set(1);
        ReportChannel<Integer> c = unregisteredUntilClosed(100, 5, cp, 10);

        assertThat(cp.delivered()).isEqualTo(range(5, 10));
        assertThat(counter("zonecam.reports.rejected")).isEqualTo(5);
        assertThat(counter("zonecam.reports.dropped")).isZero();
    }

    @Test
    void shouldTakeNothingAndCountNothingWithoutAControlPlane() {
        FakeControlPlane cp = new FakeControlPlane();
        ReportChannel<Integer> c = channel(10, 5, cp, false);
        assertThat(c.offer(1)).isFalse();
        assertThat(c.pending()).isZero();
        assertThat(counter("zonecam.reports.dropped")).isZero();
    }

    @Test
    void shouldFlushWhatItHoldsAtShutdown() {
        FakeControlPlane cp = new FakeControlPlane();
        ReportChannel<Integer> c = unregisteredUntilClosed(1000, 10, cp, 35);

        assertThat(cp.delivered()).isEqualTo(range(0, 35));
        assertThat(c.offer(35)).as("closed").isFalse();
        assertThat(counter("zonecam.reports.dropped")).isEqualTo(1);
    }

    @Test
    void shouldGiveUpWithinItsBoundWhenTheControlPlaneIsDownAtShutdown() {
        FakeControlPlane cp = new FakeControlPlane();
        cp.failures.set(Integer.MAX_VALUE);
        ReportChannel<Integer> c = channel(1000, 10, cp, true);
        range(0, 35).forEach(c::offer);
        Await.until("a failed attempt", WAIT, () -> !cp.attemptNanos.isEmpty());

        long start = System.nanoTime();
        c.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isLessThan(FAST.flushBound().plusSeconds(1));
        assertThat(cp.delivered()).isEmpty();
        assertThat(counter("zonecam.reports.dropped"))
                .as("what was left is counted")
                .isEqualTo(35);
    }

    /**
     * A channel that sends nothing on its own (no node id, then an hour's pause) given {@code records}, then closed:
     * only its shutdown flush sends.
     */
    private ReportChannel<Integer> unregisteredUntilClosed(
            int capacity, int maxBatch, FakeControlPlane cp, int records) {
        UUID node = nodeId.getAndSet(null);
        ReportChannel<Integer> c = channel(capacity, maxBatch, cp, true, slow());
        range(0, records).forEach(c::offer);
        nodeId.set(node);
        c.close();
        return c;
    }

    /** Sends nothing on its own within a test: only the shutdown flush does. */
    private static ReportChannel.Pacing slow() {
        return new ReportChannel.Pacing(
                Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(1), Duration.ofSeconds(2));
    }
}
