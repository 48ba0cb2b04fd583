package io.zonecam.node.fleet;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.zonecam.contracts.bus.CameraState;
import io.zonecam.node.auth.RevokedTokens;
import io.zonecam.node.bus.CameraPresence;
import io.zonecam.node.config.NodeConfig;
import io.zonecam.node.hub.CameraHub;
import io.zonecam.node.identity.NodeCertificates;
import io.zonecam.node.ingest.IngestServers;
import io.zonecam.node.recording.CameraRetention;
import io.zonecam.node.report.ControlPlaneNode;
import io.zonecam.sdk.ApiClient;
import io.zonecam.sdk.ApiException;
import io.zonecam.sdk.api.NodesApi;
import io.zonecam.sdk.model.CameraBusState;
import io.zonecam.sdk.model.HeartbeatAck;
import io.zonecam.sdk.model.Node;
import io.zonecam.sdk.model.NodeAssignment;
import io.zonecam.sdk.model.NodeAssignmentPage;
import io.zonecam.sdk.model.NodeLoad;
import io.zonecam.sdk.model.NodeRegistration;
import io.zonecam.sdk.model.NodeState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.enterprise.inject.Instance;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * FleetAgent keeps the node a member of its zone: registers at start (retrying until the control plane answers),
 * heartbeats its load, re-registers after being declared dead, learns its cameras' assignments, and runs the
 * node's side of a drain. Without a configured control plane the node runs standalone and the agent is idle.
 */
@ApplicationScoped
public class FleetAgent implements ControlPlaneNode {

    private static final Logger LOG = Logger.getLogger(FleetAgent.class);

    /** The node's view of its own state. */
    public enum State {
        STANDALONE,
        JOINING,
        ACTIVE,
        DRAINING,
        DRAINED
    }

    private final NodeConfig config;
    private final CameraHub hub;
    private final IngestServers ingest;
    private final Instance<EgressSource> egress;
    private final DrainCoordinator drain;
    private final CameraRetention retention;
    /** Token ids of revoked share links, replaced by every heartbeat answer. */
    private final RevokedTokens revokedTokens;
    /** Camera states heard on the device bus, relayed on the heartbeat. */
    private final CameraPresence presence;

    /** Obtains the node's device-bus certificate once it is registered. */
    private final NodeCertificates certificates;

    private final ApiClient client;
    private final NodesApi nodes;
    private volatile UUID nodeId;
    private volatile State state;
    private long lastSampleNanos = System.nanoTime();
    private long lastBytesIn;
    private long lastBytesOut;

    public FleetAgent(
            NodeConfig config,
            CameraHub hub,
            IngestServers ingest,
            Instance<EgressSource> egress,
            DrainCoordinator drain,
            CameraRetention retention,
            ZoneNodeKey nodeKey,
            RevokedTokens revokedTokens,
            CameraPresence presence,
            NodeCertificates certificates) {
        this.config = config;
        this.certificates = certificates;
        this.presence = presence;
        this.revokedTokens = revokedTokens;
        this.drain = drain;
        this.retention = retention;
        this.hub = hub;
        this.ingest = ingest;
        this.egress = egress;
        Optional<String> url = config.controlPlane().url();
        if (url.isEmpty()) {
            this.client = null;
            this.nodes = null;
            this.state = State.STANDALONE;
            return;
        }
        String key = nodeKey.value()
                .orElseThrow(() -> new IllegalStateException(
                        "zonecam.control-plane.enrollment-key (or -secret-arn) is required with a control plane"));
        ApiClient client = new ApiClient();
        client.updateBaseUri(url.get().replaceAll("/+$", ""));
        client.setConnectTimeout(Duration.ofSeconds(5));
        client.setReadTimeout(Duration.ofSeconds(10));
        client.setRequestInterceptor(b -> b.header(ZoneNodeKey.HEADER, key));
        this.client = client;
        this.nodes = new NodesApi(client);
        this.state = State.JOINING;
    }

    void start(@Observes StartupEvent event) {
        if (nodes != null) {
            Thread.ofVirtual().name("zonecam-fleet-join").start(this::joinUntilRegistered);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (nodes != null && nodeId != null) {
            LOG.infof("node %s stopping in state %s with %d cameras", nodeId, state, hub.camerasConnected());
        }
    }

    /** The node's id in the control plane, or null before it registered or when standalone. */
    @Override
    public UUID nodeId() {
        return nodeId;
    }

    @Override
    public Optional<ApiClient> controlPlaneClient() {
        return Optional.ofNullable(client);
    }

    public State state() {
        return state;
    }

    private void joinUntilRegistered() {
        long backoffMs = 500;
        while (nodeId == null) {
            try {
                register();
                refreshAssignments();
                return;
            } catch (ApiException e) {
                LOG.warnf(
                        "registration with the control plane failed (%d): %s; retrying in %d ms",
                        e.getCode(), e.getMessage(), backoffMs);
            } catch (RuntimeException e) {
                LOG.warnf(
                        "registration with the control plane failed: %s; retrying in %d ms", e.getMessage(), backoffMs);
            }
            try {
                Thread.sleep(backoffMs);
            } catch (InterruptedException e) {
                return;
            }
            backoffMs = Math.min(backoffMs * 2, 15_000);
        }
    }

    private void register() throws ApiException {
        String name = config.node().name().orElseGet(FleetAgent::hostName);
        String httpUrl = config.node()
                .httpUrl()
                .orElse("http://" + config.node().advertisedHost() + ":"
                        + org.eclipse.microprofile.config.ConfigProvider.getConfig()
                                .getOptionalValue("quarkus.http.port", Integer.class)
                                .orElse(8080));
        Node node = nodes.registerNode(new NodeRegistration()
                .zone(config.node().zone())
                .name(name)
                .host(config.node().advertisedHost())
                .httpUrl(httpUrl)
                .rtspPort(config.ingest().rtspPort())
                .rtmpPort(config.ingest().rtmpPort())
                .capacity(config.node().capacity()));
        nodeId = node.getId();
        state = toState(node.getState());
        LOG.infof("registered as node %s '%s' of zone %s (%s)", nodeId, name, node.getZone(), state);
        // The certificate names the node id: a new one for each registration.
        certificates.registered(nodeId, client);
    }

    @Scheduled(
            every = "${zonecam.control-plane.heartbeat:PT10S}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void heartbeat() {
        if (nodes == null || nodeId == null) {
            return;
        }
        try {
            List<CameraPresence.Heard> heard = presence.unreported();
            HeartbeatAck ack = nodes.nodeHeartbeat(nodeId, sampleLoad().busStates(busStates(heard)));
            presence.reported(heard);
            revokedTokens.replace(ack.getRevokedTokens());
            State next = toState(ack.getState());
            if (next == State.DRAINING && state != State.DRAINING && state != State.DRAINED) {
                // An operator started the drain at the control plane: move the cameras.
                drain.begin("drain started by the control plane");
            }
            if (next == State.ACTIVE && (state == State.DRAINING || state == State.DRAINED)) {
                drain.cancel();
            }
            if (next != state) {
                LOG.infof("node %s is now %s", nodeId, next);
            }
            state = next;
        } catch (ApiException e) {
            if (e.getCode() == 409 || e.getCode() == 404) {
                LOG.warnf("node %s was declared dead or forgotten (%d); registering again", nodeId, e.getCode());
                nodeId = null;
                state = State.JOINING;
                Thread.ofVirtual().name("zonecam-fleet-join").start(this::joinUntilRegistered);
            } else {
                LOG.warnf("heartbeat failed (%d): %s", e.getCode(), e.getMessage());
            }
        } catch (RuntimeException e) {
            LOG.warnf("heartbeat failed: %s", e.getMessage());
        }
    }

    /** Reports a finished drain at once instead of at the next heartbeat. */
    void drainCompleted(@ObservesAsync DrainCoordinator.DrainCompleted done) {
        heartbeat();
    }

    @Scheduled(every = "60s", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refreshAssignments() {
        if (nodes == null || nodeId == null) {
            return;
        }
        try {
            Map<String, Integer> fresh = new HashMap<>();
            String cursor = null;
            do {
                NodeAssignmentPage page = nodes.listNodeAssignments(nodeId, 5000, cursor);
                for (NodeAssignment a : page.getItems()) {
                    fresh.put(a.getCameraId().toString(), a.getRetentionDays());
                }
                cursor = page.getNextCursor();
            } while (cursor != null);
            retention.assigned(fresh);
            if (state == State.ACTIVE) {
                // Cameras publishing here that the control plane placed elsewhere (rebalance, rejoin) are told to move.
                Set<String> elsewhere = new HashSet<>(hub.cameraIds());
                elsewhere.removeAll(fresh.keySet());
                elsewhere.removeIf(id -> {
                    try {
                        UUID.fromString(id);
                        return false;
                    } catch (IllegalArgumentException notControlPlaneCamera) {
                        return true;
                    }
                });
                if (!elsewhere.isEmpty()) {
                    drain.moveElsewhere(elsewhere, "assigned to another node");
                }
            }
        } catch (ApiException | RuntimeException e) {
            LOG.warnf("assignments refresh failed: %s", e.getMessage());
        }
    }

    /**
     * Starts draining: the control plane stops placing cameras here and reassigns this node's cameras; they move
     * as they are told (device bus) and this node reports drained once none publishes.
     */
    public synchronized State startDrain() throws ApiException {
        if (nodes != null) {
            if (nodeId == null) {
                throw new IllegalStateException("the node has not registered yet");
            }
            // First the control plane reassigns the cameras, so the tokens they fetch name their new nodes.
            nodes.startNodeDrain(nodeId);
        }
        drain.begin("drain requested");
        state = State.DRAINING;
        LOG.infof("node %s draining: %d cameras still publishing", nodeId, hub.camerasConnected());
        return drainState();
    }

    /** Drain progress as the node sees it: drained once no camera publishes here. */
    public State drainState() {
        if (state == State.DRAINING && hub.camerasConnected() == 0) {
            int[] p = drain.progress();
            if (p[0] == 0 && p[1] == 0) {
                state = State.DRAINED;
            }
        }
        return state;
    }

    /**
     * The heartbeat body now: the load since the previous sample, the cameras publishing here, and those among them
     * whose live view is refused for B-frames. Public so tests can read what the node would send.
     */
    public NodeLoad sampleLoad() {
        long now = System.nanoTime();
        long in = ingest.bytesIn();
        EgressSource e = egress.isResolvable() ? egress.get() : null;
        long out = e == null ? 0 : e.egressBytes();
        double seconds = Math.max(0.001, (now - lastSampleNanos) / 1e9);
        long inBps = (long) ((in - lastBytesIn) * 8 / seconds);
        long outBps = (long) ((out - lastBytesOut) * 8 / seconds);
        lastSampleNanos = now;
        lastBytesIn = in;
        lastBytesOut = out;
        double cpu = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? Math.max(0, Math.min(1, os.getCpuLoad()))
                : 0;
        return new NodeLoad()
                .cameras(hub.camerasConnected())
                .onlineCameras(cameraUuids(hub.cameraIds()))
                .camerasWithBFrames(cameraUuids(e == null ? List.of() : e.camerasWithBFrames()))
                .ingressBps(Math.max(0, inBps))
                .egressBps(Math.max(0, outBps))
                .viewers(e == null ? 0 : e.viewers())
                .cpu(java.math.BigDecimal.valueOf(Double.isNaN(cpu) ? 0 : Math.round(cpu * 1000) / 1000.0));
    }

    /** Bus states in the control plane's terms. Public so tests can read what the node would send. */
    public static List<CameraBusState> busStates(List<CameraPresence.Heard> heard) {
        List<CameraBusState> states = new ArrayList<>(heard.size());
        for (CameraPresence.Heard h : heard) {
            CameraState s = h.state();
            states.add(new CameraBusState()
                    .cameraId(UUID.fromString(h.cameraId()))
                    .state(
                            s.status() == CameraState.Status.ONLINE
                                    ? CameraBusState.StateEnum.CONNECTED
                                    : CameraBusState.StateEnum.DISCONNECTED)
                    .publishingTo(s.node().isEmpty() ? null : s.node())
                    .lastCommandId(s.commandId().isEmpty() ? null : s.commandId())
                    .reportedAt(h.reportedAt().atOffset(ZoneOffset.UTC)));
        }
        return states;
    }

    /** The control-plane camera ids among these; others (standalone test cameras) are not reported. */
    private static List<UUID> cameraUuids(Iterable<String> ids) {
        List<UUID> uuids = new ArrayList<>();
        for (String id : ids) {
            try {
                uuids.add(UUID.fromString(id));
            } catch (IllegalArgumentException notUuid) {
                // Not a control-plane camera id: nothing to report.
            }
        }
        return uuids;
    }

    private static State toState(NodeState s) {
        return switch (s) {
            case ACTIVE -> State.ACTIVE;
            case DRAINING -> State.DRAINING;
            case DRAINED -> State.DRAINED;
            case DEAD -> State.JOINING;
        };
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "node-" + UUID.randomUUID().toString().substring(0, 8);
        }
    }

    /** The control plane's base URL, for logs. */
    public Optional<URI> controlPlane() {
        return config.controlPlane().url().map(URI::create);
    }
}
