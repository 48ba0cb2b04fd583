package io.zonecam.node.report;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.zonecam.sdk.ApiClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * ControlPlaneReports makes the node's report channels (one per kind of record) and closes them at shutdown, each
 * sending what it still holds for a few seconds. Without a control plane the channels take nothing.
 */
@ApplicationScoped
public class ControlPlaneReports {

    private final ControlPlaneNode node;
    private final MeterRegistry registry;
    private final List<ReportChannel<?>> channels = new CopyOnWriteArrayList<>();

    public ControlPlaneReports(ControlPlaneNode node, MeterRegistry registry) {
        this.node = node;
        this.registry = registry;
    }

    /**
     * A new channel of at most {@code capacity} queued records, sent by {@code sender} in batches of at most
     * {@code maxBatch} once the node has registered. Names are unique (they tag the channel's metrics).
     */
    public synchronized <T> ReportChannel<T> channel(String name, int capacity, int maxBatch, BatchSender<T> sender) {
        if (channels.stream().anyMatch(c -> c.name().equals(name))) {
            throw new IllegalArgumentException("report channel '" + name + "' exists already");
        }
        ReportChannel<T> channel = new ReportChannel<>(
                name,
                capacity,
                maxBatch,
                sender,
                node::nodeId,
                node.controlPlaneClient().isPresent(),
                registry,
                ReportChannel.Pacing.DEFAULT);
        channels.add(channel);
        return channel;
    }

    /** The control plane's client for senders (e.g. {@code new NodesApi(client)}), empty when standalone. */
    public Optional<ApiClient> client() {
        return node.controlPlaneClient();
    }

    void stop(@Observes ShutdownEvent event) {
        // All channels flush at once, so shutdown waits for the slowest, not for their sum.
        channels.forEach(ReportChannel::shutdown);
        long deadline = System.nanoTime()
                + ReportChannel.Pacing.DEFAULT.flushBound().plusSeconds(1).toNanos();
        channels.forEach(c -> c.awaitTermination(deadline));
    }
}
