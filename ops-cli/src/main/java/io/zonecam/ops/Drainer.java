package io.zonecam.ops;

import io.zonecam.sdk.ApiException;
import io.zonecam.sdk.api.NodesApi;
import io.zonecam.sdk.model.DrainProgress;
import io.zonecam.sdk.model.NodeState;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** Drainer drains one node and waits, with a progress bar, until no camera publishes to it anymore. */
final class Drainer {

    private final NodesApi nodes;
    private final ProgressBar bar;
    private final Duration poll;

    Drainer(NodesApi nodes, ProgressBar bar, Duration poll) {
        this.nodes = nodes;
        this.bar = bar;
        this.poll = poll;
    }

    /** Starts the drain and waits until drained; returns how long it took. Throws after the timeout. */
    Duration drain(UUID nodeId, Duration timeout) throws ApiException, InterruptedException {
        Instant start = Instant.now();
        DrainProgress p = nodes.startNodeDrain(nodeId);
        int initial = Math.max(p.getConnectedCameras(), 0);
        while (p.getState() != NodeState.DRAINED) {
            Duration elapsed = Duration.between(start, Instant.now());
            int left = p.getConnectedCameras();
            initial = Math.max(initial, left);
            bar.show("drain " + nodeId.toString().substring(0, 8), initial - left, initial, elapsed);
            if (elapsed.compareTo(timeout) > 0) {
                bar.finish();
                throw new IllegalStateException("node " + nodeId + " still has " + left + " cameras after " + timeout);
            }
            Thread.sleep(poll.toMillis());
            p = nodes.getNodeDrain(nodeId);
        }
        Duration took = Duration.between(start, Instant.now());
        bar.show("drain " + nodeId.toString().substring(0, 8), initial, initial, took);
        bar.finish();
        return took;
    }
}
