package io.zonecam.node.bus;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.zonecam.contracts.bus.CameraState;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CameraPresence holds the camera states this node heard on the device bus and has not yet reported to the control
 * plane. One entry per camera (a newer state replaces an older one), so a control-plane outage costs memory bounded by
 * the number of cameras, not by the number of messages; past {@link #MAX_PENDING} cameras new ones are counted and
 * dropped (the camera's next state, or its last will, reports it again).
 */
@ApplicationScoped
public class CameraPresence {

    /** At most this many cameras wait to be reported; also the heartbeat's limit per call. */
    public static final int MAX_PENDING = 10_000;

    /** A state as heard: the camera's own time, or the time the node heard it when the camera gave none. */
    public record Heard(String cameraId, CameraState state, Instant reportedAt) {}

    private final Map<String, Heard> pending = new ConcurrentHashMap<>();
    private final Counter dropped;

    public CameraPresence(MeterRegistry registry) {
        this.dropped = Counter.builder("zonecam.bus.states")
                .tag("outcome", "dropped_full")
                .description("camera states dropped because too many wait for the control plane")
                .register(registry);
        registry.gaugeMapSize("zonecam.bus.states.pending", List.of(), pending);
    }

    /** Keeps a camera's state until it is reported, unless a newer one is already kept. */
    public void heard(String cameraId, CameraState state, Instant receivedAt) {
        Instant at = state.at() == null ? receivedAt : state.at();
        Heard h = new Heard(cameraId, state, at);
        if (pending.size() >= MAX_PENDING && !pending.containsKey(cameraId)) {
            dropped.increment();
            return;
        }
        pending.merge(cameraId, h, (old, now) -> now.reportedAt().isBefore(old.reportedAt()) ? old : now);
    }

    /** What to report now, at most {@link #MAX_PENDING}. */
    public List<Heard> unreported() {
        return pending.values().stream().limit(MAX_PENDING).toList();
    }

    /** Forgets what the control plane accepted, unless a newer state arrived for that camera meanwhile. */
    public void reported(List<Heard> accepted) {
        for (Heard h : accepted) {
            pending.remove(h.cameraId(), h);
        }
    }
}
