package io.zonecam.node.fleet;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.zonecam.contracts.bus.CameraCommand;
import io.zonecam.ingest.PublishSession;
import io.zonecam.node.auth.DrainState;
import io.zonecam.node.bus.DeviceBus;
import io.zonecam.node.config.NodeConfig;
import io.zonecam.node.hub.CameraHub;
import io.zonecam.node.ingest.IngestServers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * DrainCoordinator empties a draining node without losing a frame: it tells its cameras to reconnect in paced
 * waves (each fetches a fresh device token naming its new node, publishes there, then closes this session), and
 * disconnects a camera that ignores the command once its deadline passes, so a drain always ends.
 */
@ApplicationScoped
public class DrainCoordinator {

    private static final Logger LOG = Logger.getLogger(DrainCoordinator.class);

    private final CameraHub hub;
    private final IngestServers ingest;
    private final DeviceBus bus;
    private final DrainState state;
    private final int waveSize;
    private final Duration commandTimeout;
    private final Deque<String> waiting = new ArrayDeque<>();
    private final Map<String, Instant> deadlines = new HashMap<>();
    private final Counter commanded;
    private final Counter forced;
    private final Event<DrainCompleted> completed;
    private Instant startedAt;
    private boolean reportedComplete;

    public DrainCoordinator(
            CameraHub hub,
            IngestServers ingest,
            DeviceBus bus,
            DrainState state,
            MeterRegistry registry,
            NodeConfig config,
            Event<DrainCompleted> completed) {
        this.completed = completed;
        this.hub = hub;
        this.ingest = ingest;
        this.bus = bus;
        this.state = state;
        this.waveSize = config.drain().waveSize();
        this.commandTimeout = config.drain().commandTimeout();
        this.commanded = Counter.builder("zonecam.drain.commands")
                .description("Reconnect commands sent while draining")
                .register(registry);
        this.forced = Counter.builder("zonecam.drain.forced")
                .description("Cameras disconnected after ignoring a drain")
                .register(registry);
        Gauge.builder("zonecam.drain.remaining", this, c -> c.state.draining() ? c.hub.camerasConnected() : 0)
                .description("Cameras still publishing on a draining node")
                .register(registry);
    }

    /** DrainCompleted says no camera publishes here anymore, after {@code took}. */
    public record DrainCompleted(Duration took) {}

    /** Starts moving every camera publishing here; new publish sessions are refused from now on. */
    public synchronized void begin(String reason) {
        if (state.draining()) {
            return;
        }
        state.set(true);
        startedAt = Instant.now();
        reportedComplete = false;
        waiting.clear();
        waiting.addAll(hub.cameraIds());
        deadlines.clear();
        LOG.infof("drain started (%s): %d cameras to move in waves of %d", reason, waiting.size(), waveSize);
    }

    /**
     * Tells cameras that publish here but are assigned elsewhere (a rebalance, a node that rejoined) to move, in
     * the same paced waves, without draining: the node keeps taking other publish sessions.
     */
    public synchronized void moveElsewhere(Collection<String> cameras, String reason) {
        int added = 0;
        for (String camera : cameras) {
            if (!deadlines.containsKey(camera) && !waiting.contains(camera)) {
                waiting.add(camera);
                added++;
            }
        }
        if (added > 0) {
            LOG.infof("%d cameras publishing here are assigned elsewhere (%s): moving them", added, reason);
        }
    }

    /** Stops draining: the node takes publish sessions again. */
    public synchronized void cancel() {
        state.set(false);
        waiting.clear();
        deadlines.clear();
    }

    /** A command the broker did not take goes out again with the next wave, with a fresh deadline. */
    private synchronized void redeliver(String camera) {
        if (state.draining() && deadlines.remove(camera) != null) {
            waiting.addFirst(camera);
        }
    }

    /** Cameras not yet told to move, and told but still publishing here. */
    public synchronized int[] progress() {
        return new int[] {waiting.size(), deadlines.size()};
    }

    /** One wave per tick: command the next cameras, force the ones past their deadline, forget the ones gone. */
    @Scheduled(every = "${zonecam.drain.wave-interval:PT1S}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void tick() {
        if (!state.draining() && waiting.isEmpty() && deadlines.isEmpty()) {
            return;
        }
        Instant now = Instant.now();
        deadlines.keySet().removeIf(camera -> hub.sessions(camera).isEmpty());
        for (var e : Map.copyOf(deadlines).entrySet()) {
            if (now.isAfter(e.getValue())) {
                for (PublishSession s : hub.sessions(e.getKey())) {
                    LOG.warnf(
                            "camera %s ignored its reconnect command for %s: disconnecting session %s",
                            e.getKey(), commandTimeout, s.sessionId());
                    ingest.disconnect(s.sessionId());
                }
                forced.increment();
                deadlines.remove(e.getKey());
            }
        }
        for (int i = 0; i < waveSize && !waiting.isEmpty(); i++) {
            String camera = waiting.poll();
            if (hub.sessions(camera).isEmpty()) {
                continue;
            }
            Instant deadline = now.plus(commandTimeout);
            bus.send(
                            camera,
                            new CameraCommand(
                                    UUID.randomUUID().toString(),
                                    CameraCommand.Type.RECONNECT,
                                    "drain",
                                    now,
                                    deadline,
                                    Map.of()))
                    .whenComplete((ok, error) -> {
                        if (error != null) {
                            redeliver(camera);
                        }
                    });
            deadlines.put(camera, deadline);
            commanded.increment();
        }
        // Cameras that connected after the drain began (with an older token) are moved too.
        for (String camera : state.draining() ? hub.cameraIds() : Set.<String>of()) {
            if (!deadlines.containsKey(camera) && !waiting.contains(camera)) {
                waiting.add(camera);
            }
        }
        boolean empty = waiting.isEmpty() && deadlines.isEmpty() && hub.camerasConnected() == 0;
        if (state.draining() && !reportedComplete && empty) {
            reportedComplete = true;
            LOG.infof(
                    "drain complete in %d ms", Duration.between(startedAt, now).toMillis());
            completed.fireAsync(new DrainCompleted(Duration.between(startedAt, now)));
        }
    }
}
