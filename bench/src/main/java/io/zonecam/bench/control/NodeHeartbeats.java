package io.zonecam.bench.control;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * NodeHeartbeats plays a fleet of stream nodes against the control plane: each node heartbeats every interval
 * (production: 10 s, lease 30 s) with its load and the list of cameras publishing on it, the heartbeats of the
 * fleet spread evenly over the interval, as independent nodes would. Latency and failures are recorded; a node
 * whose heartbeats fail loses its lease, and claims placed meanwhile would go unplaced.
 */
final class NodeHeartbeats implements AutoCloseable {

    /** One simulated node: its id, its zone's enrollment key, and the cameras it reports. */
    record SimNode(String id, String zoneKey, List<UUID> cameras) {}

    private final ControlApi api;
    private final List<SimNode> nodes;
    private final List<String> bodies = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("heartbeats").daemon().factory());
    private final Semaphore inFlight = new Semaphore(64);
    private volatile Histogram latency = new ConcurrentHistogram(3);
    final AtomicLong sent = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong skipped = new AtomicLong();
    private final java.util.concurrent.ConcurrentHashMap<Integer, AtomicLong> failures =
            new java.util.concurrent.ConcurrentHashMap<>();

    NodeHeartbeats(ControlApi api, List<SimNode> nodes) {
        this.api = api;
        this.nodes = nodes;
        for (SimNode n : nodes) {
            StringBuilder b = new StringBuilder("{\"cameras\":")
                    .append(n.cameras().size())
                    .append(",\"ingressBps\":")
                    .append(n.cameras().size() * 2_000_000L)
                    .append(",\"egressBps\":0,\"viewers\":0,\"cpu\":0.4,\"onlineCameras\":[");
            for (int i = 0; i < n.cameras().size(); i++) {
                b.append(i == 0 ? "\"" : ",\"").append(n.cameras().get(i)).append('"');
            }
            bodies.add(b.append("]}").toString());
        }
    }

    /** Starts heartbeating every node once per {@code intervalMillis}, spread evenly. */
    void start(long intervalMillis) {
        long gapMicros = Math.max(1, intervalMillis * 1000 / nodes.size());
        long[] next = {0};
        timer.scheduleAtFixedRate(
                () -> {
                    int i = (int) (next[0]++ % nodes.size());
                    beat(i);
                },
                0,
                gapMicros,
                TimeUnit.MICROSECONDS);
    }

    /** Sends heartbeats back to back from {@code clients} concurrent clients for a time: the capacity. */
    void saturate(int clients, long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000L;
        Semaphore permits = new Semaphore(clients);
        int i = 0;
        while (System.nanoTime() < end) {
            permits.acquire();
            send(i++ % nodes.size(), permits);
        }
        permits.acquire(clients);
    }

    private void beat(int i) {
        if (!inFlight.tryAcquire()) {
            skipped.incrementAndGet(); // the control plane is this far behind: counted, not queued
            return;
        }
        send(i, inFlight);
    }

    private void send(int i, Semaphore release) {
        SimNode n = nodes.get(i);
        long t0 = System.nanoTime();
        Histogram h = latency;
        ControlApi.HTTP
                .sendAsync(
                        api.request(
                                "/v1/nodes/" + n.id() + "/heartbeat", "X-Node-Key", n.zoneKey(), "POST", bodies.get(i)),
                        HttpResponse.BodyHandlers.discarding())
                .whenComplete((r, e) -> {
                    h.recordValue((System.nanoTime() - t0) / 1000);
                    sent.incrementAndGet();
                    if (e != null || r.statusCode() != 200) {
                        failed.incrementAndGet();
                        failures.computeIfAbsent(e != null ? 0 : r.statusCode(), k -> new AtomicLong())
                                .incrementAndGet();
                    }
                    release.release();
                });
    }

    /** Failed heartbeats by HTTP status (0: no answer). */
    String failuresByStatus() {
        return failures.toString();
    }

    /** The latencies since the last call, and a fresh histogram from now on. */
    Histogram takeLatency() {
        Histogram h = latency;
        latency = new ConcurrentHistogram(3);
        return h;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
