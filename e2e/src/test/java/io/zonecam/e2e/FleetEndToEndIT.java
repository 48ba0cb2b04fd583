package io.zonecam.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.sdk.api.CamerasApi;
import io.zonecam.sdk.api.NodesApi;
import io.zonecam.sdk.model.Camera;
import io.zonecam.sdk.model.CameraBusPresence;
import io.zonecam.sdk.model.CameraStatus;
import io.zonecam.sdk.model.Node;
import io.zonecam.sdk.model.NodeState;
import io.zonecam.sim.camera.SimConfig;
import io.zonecam.sim.verify.RecordingVerifier;
import io.zonecam.testing.Await;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The fleet in motion with real processes on localhost: three stream nodes, thirty simulated cameras that obey the
 * device bus, the control plane on PostgreSQL, Mosquitto. A drain moves only the drained node's cameras and their
 * recordings lose and repeat no frame (frame markers, read back through HLS); a SIGKILLed node's cameras recover
 * on the other nodes within a budget computed from the settings (lease, confirm, heartbeat, camera backoff), the
 * loss is bounded by that budget, and the node's spool is uploaded when it comes back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetEndToEndIT {

    static final int CAMERAS = 30;
    static final Duration LEASE = Duration.ofSeconds(6);
    static final double FPS = 25;
    static final int GOP_SECONDS = 2;
    /** An allowance for a camera's device-token request and publish handshake on the loaded test machine. */
    static final Duration CONNECT = Duration.ofSeconds(2);

    /**
     * How long a SIGKILLed node's cameras may take to publish elsewhere, from the settings alone: the node is suspected
     * a lease after its last heartbeat and declared dead a confirm period later (a third of the lease, the control
     * plane's default), each at the next sweep, which runs on another node's heartbeat; a camera then connects at its
     * next reconnect attempt, whose delay doubles from the simulator's minimum so is never longer than the time
     * already waited plus that minimum, nor than its maximum; plus {@link #CONNECT}; and the node it joined reports
     * it online with its next heartbeat.
     */
    static Duration recoveryBudget() {
        Duration heartbeat = Platform.NODE_HEARTBEAT;
        Duration deadBy = LEASE.plus(heartbeat).plus(LEASE.dividedBy(3)).plus(heartbeat);
        SimConfig sim = SimConfig.defaults();
        Duration backoff = deadBy.plus(sim.reconnectMin());
        if (backoff.compareTo(sim.reconnectMax()) > 0) {
            backoff = sim.reconnectMax();
        }
        return deadBy.plus(backoff).plus(CONNECT).plus(heartbeat);
    }

    @AutoClose
    static Platform platform;

    @BeforeAll
    static void start() throws Exception {
        platform = Platform.start("fleet", Platform.Options.smallCameras(3, CAMERAS, LEASE, GOP_SECONDS));
    }

    /** Objects a node stored (Prometheus name of zonecam.uploads.ok). */
    static final String UPLOADED = "zonecam_uploads_ok_total";

    /** Waits until the nodes together stored {@code objects} objects and none has an object waiting for upload. */
    static void awaitUploads(String what, double objects) {
        Await.value(
                what,
                Duration.ofSeconds(60),
                () -> platform.total(UPLOADED) >= objects && platform.total("zonecam_upload_pending") == 0,
                done -> done);
    }

    @Test
    @Order(1)
    void drainingANodeMovesOnlyItsCamerasAndTheirRecordingsLoseAndRepeatNoFrame() throws Exception {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        awaitUploads(
                "one recorded object (10 s) per camera stored before the move", platform.total(UPLOADED) + CAMERAS);
        NodesApi nodes = new NodesApi(platform.operator());
        Map<UUID, UUID> before = platform.placement();
        Node victim = platform.busiestNode(n -> true);
        long moving = Platform.camerasOn(before, victim.getId()).size();
        assertThat(moving).isPositive();

        Instant drainStart = Instant.now();
        nodes.startNodeDrain(victim.getId());
        Await.value(
                "node " + victim.getName() + " drained",
                Duration.ofSeconds(60),
                () -> nodes.getNodeDrain(victim.getId()).getState(),
                s -> s == NodeState.DRAINED);
        Duration took = Duration.between(drainStart, Instant.now());
        System.out.printf("drain of %d cameras took %d ms%n", moving, took.toMillis());

        Map<UUID, UUID> after = platform.placement();
        for (var e : before.entrySet()) {
            if (e.getValue().equals(victim.getId())) {
                assertThat(after.get(e.getKey()))
                        .as("moved off the drained node")
                        .isNotEqualTo(victim.getId());
            } else {
                assertThat(after.get(e.getKey()))
                        .as("cameras of other nodes stay")
                        .isEqualTo(e.getValue());
            }
        }
        // A camera's status is what its node last reported: the nodes that took the cameras report them online at
        // their next heartbeat (2 s here), which may come just after the drained node reported itself empty.
        Await.value(
                "every camera online again",
                Duration.ofSeconds(10),
                () -> new CamerasApi(platform.owner())
                        .listCameras(500, null, CameraStatus.ONLINE, null, null, null)
                        .getItems()
                        .size(),
                n -> n == CAMERAS);
        // What the cameras said on the device bus reached the API through the nodes' shared subscription: each is
        // connected, and each moved one names the reconnect command it completed.
        Await.value(
                "every camera's bus state relayed",
                Duration.ofSeconds(15),
                () -> new CamerasApi(platform.owner())
                        .listCameras(500, null, null, null, null, null).getItems().stream()
                                .filter(c -> c.getBus() != null
                                        && c.getBus().getState() == CameraBusPresence.StateEnum.CONNECTED)
                                .filter(c -> !victim.getId().equals(before.get(c.getId()))
                                        || c.getBus().getLastCommandId() != null)
                                .count(),
                n -> n == CAMERAS);

        // The moved cameras' last objects on the old node and first ones on the new node are stored.
        awaitUploads("an object per camera stored after the move", platform.total(UPLOADED) + CAMERAS);
        Instant end = Instant.now().minusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
        for (UUID camera : before.keySet()) {
            RecordingVerifier.Report r = platform.verifyRecording(camera, start, end);
            assertThat(r.missing()).as(r.toString()).isZero();
            assertThat(r.duplicates()).as(r.toString()).isZero();
            assertThat(r.frames()).as(r.toString()).isGreaterThan((long) (FPS * 15));
            if (before.get(camera).equals(victim.getId())) {
                assertThat(r.discontinuities())
                        .as("the move shows as one session change: " + r)
                        .isGreaterThanOrEqualTo(1);
            }
        }
        nodes.cancelNodeDrain(victim.getId());
    }

    @Test
    @Order(2)
    void aKilledNodesCamerasRecoverWithinTheirBudgetAndItsSpoolIsUploadedWhenItReturns() throws Exception {
        NodesApi nodes = new NodesApi(platform.operator());
        Map<UUID, UUID> before = platform.placement();
        Node victim = platform.busiestNode(n -> n.getState() == NodeState.ACTIVE);
        List<UUID> affected = Platform.camerasOn(before, victim.getId());
        assertThat(affected).isNotEmpty();
        // Recorded frames sit in the victim's spool, not yet uploaded, when it dies: a few fragments per camera.
        Platform.StreamNode dying = platform.node(victim.getName());
        double fragments = platform.metric(dying, "zonecam_recording_fragments_total");
        Await.value(
                "fragments of every camera in the spool of " + victim.getName(),
                Duration.ofSeconds(30),
                () -> platform.metric(dying, "zonecam_recording_fragments_total") - fragments,
                written -> written >= 2.0 * affected.size());

        Instant killedAt = Instant.now();
        platform.kill(victim.getName());
        CamerasApi cameras = new CamerasApi(platform.owner());
        // Declared dead after the lease: its cameras go offline, then online as other nodes report them.
        Await.value(
                "the killed node declared dead",
                Duration.ofSeconds(60),
                () -> nodes.getNode(victim.getId()).getState(),
                s -> s == NodeState.DEAD);
        Await.value(
                "the killed node's cameras publishing on other nodes",
                Duration.ofSeconds(90),
                () -> {
                    int back = 0;
                    for (UUID c : affected) {
                        Camera cam = cameras.getCamera(c);
                        if (cam.getStatus() == CameraStatus.ONLINE
                                && !victim.getId().equals(cam.getNodeId())) {
                            back++;
                        }
                    }
                    return back;
                },
                back -> back == affected.size());
        Duration recovery = Duration.between(killedAt, Instant.now());
        System.out.printf(
                "%d cameras of a SIGKILLed node recovered in %d ms (lease %s, budget %s)%n",
                affected.size(), recovery.toMillis(), LEASE, recoveryBudget());
        assertThat(recovery).isLessThanOrEqualTo(recoveryBudget());
        assertThat(nodes.getNode(victim.getId()).getState()).isEqualTo(NodeState.DEAD);

        platform.restart(victim.getName());
        Await.value(
                "the restarted node recovered its spool",
                Duration.ofSeconds(60),
                () -> platform.metric(platform.node(victim.getName()), "zonecam_recording_objects_recovered_total"),
                recovered -> recovered > 0);

        awaitUploads("the recovered spool and an object per camera stored", platform.total(UPLOADED) + CAMERAS);
        Instant from = killedAt.minusSeconds(20).truncatedTo(ChronoUnit.SECONDS);
        Instant to = Instant.now().minusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
        // Loss is bounded by the recovery budget (from settings, not from this run), plus one fragment (the one open at
        // the SIGKILL, cut on the next keyframe, never fsynced) and one GOP (the keyframe the new session waits for).
        long bound = (long) Math.ceil((recoveryBudget().toMillis() / 1000.0 + 2 * GOP_SECONDS) * FPS);
        for (UUID camera : affected) {
            RecordingVerifier.Report r = platform.verifyRecording(camera, from, to);
            assertThat(r.duplicates()).as(r.toString()).isZero();
            assertThat(r.missing()).as(r.toString()).isLessThanOrEqualTo(bound);
            // Frames from just before the crash were in the spool: they are there, so the loss starts at the kill.
            assertThat(r.frames()).as(r.toString()).isGreaterThan((long) (FPS * 15));
        }
    }
}
