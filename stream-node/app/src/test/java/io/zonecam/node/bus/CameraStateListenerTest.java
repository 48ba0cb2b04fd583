package io.zonecam.node.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.zonecam.contracts.bus.BusCodec;
import io.zonecam.contracts.bus.CameraState;
import io.zonecam.contracts.bus.Topics;
import io.zonecam.node.fleet.FleetAgent;
import io.zonecam.node.support.CameraBusTest;
import io.zonecam.node.support.NodeTestEnvironment;
import io.zonecam.sdk.model.CameraBusState;
import io.zonecam.testing.Await;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Camera states published by cameras with their own certificates on a real Mosquitto with the shipped TLS and ACL
 * configuration reach the node (connected with its node certificate) through its shared subscription and wait, newest per camera, for the heartbeat; malformed ones are dropped without stopping the
 * stream. The test profile gives each node run its own share group, so no other process takes the messages.
 */
@QuarkusTest
@QuarkusTestResource(NodeTestEnvironment.class)
class CameraStateListenerTest extends CameraBusTest {

    @Inject
    CameraPresence presence;

    @Test
    void shouldKeepTheNewestStatePerCameraForTheHeartbeat() throws Exception {
        String camera = UUID.randomUUID().toString();
        Instant first = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        publish(camera, new CameraState(CameraState.Status.ONLINE, "rtsp://10.0.0.7:8554", "cmd-1", first));
        publish(
                camera,
                new CameraState(CameraState.Status.ONLINE, "rtmp://10.0.0.8:1935", "cmd-2", first.plusSeconds(2)));
        // An older state that arrives late (a retry) must not replace the newer one.
        publish(camera, new CameraState(CameraState.Status.OFFLINE, "", "", first.plusSeconds(1)));

        CameraPresence.Heard heard = Await.value(
                "the newest state of " + camera,
                Duration.ofSeconds(10),
                () -> find(camera),
                h -> h != null && h.state().commandId().equals("cmd-2"));
        assertThat(heard.state().node()).isEqualTo("rtmp://10.0.0.8:1935");

        List<CameraBusState> sent = FleetAgent.busStates(List.of(heard));
        assertThat(sent).singleElement().satisfies(s -> {
            assertThat(s.getCameraId()).isEqualTo(UUID.fromString(camera));
            assertThat(s.getState()).isEqualTo(CameraBusState.StateEnum.CONNECTED);
            assertThat(s.getPublishingTo()).isEqualTo("rtmp://10.0.0.8:1935");
            assertThat(s.getLastCommandId()).isEqualTo("cmd-2");
            assertThat(s.getReportedAt().toInstant()).isEqualTo(first.plusSeconds(2));
        });

        presence.reported(List.of(heard));
        assertThat(find(camera))
                .as("forgotten once the control plane accepted it")
                .isNull();
    }

    @Test
    void shouldReportALastWillAtTheTimeItWasHeard() throws Exception {
        String camera = UUID.randomUUID().toString();
        Instant before = Instant.now();
        // A last will is written at connect time, so it carries no time of its own.
        publish(camera, new CameraState(CameraState.Status.OFFLINE, "", "", null));
        CameraPresence.Heard heard =
                Await.value("the last will of " + camera, Duration.ofSeconds(10), () -> find(camera), h -> h != null);
        assertThat(heard.reportedAt()).isBetween(before, Instant.now());
        assertThat(FleetAgent.busStates(List.of(heard)).get(0).getState())
                .isEqualTo(CameraBusState.StateEnum.DISCONNECTED);
        presence.reported(List.of(heard));
    }

    @Test
    void shouldDropMalformedStatesAndKeepListening() throws Exception {
        double refusedBefore = refused();
        String camera = UUID.randomUUID().toString();
        publishRaw(camera, Topics.state(camera), "{not json".getBytes(StandardCharsets.UTF_8));
        publishRaw(
                "sim-cam-7",
                Topics.state("sim-cam-7"),
                BusCodec.encode(new CameraState(CameraState.Status.ONLINE, "", "", null)));
        publishRaw(camera, Topics.state(camera), new byte[BusCodec.MAX_BYTES + 1]);
        Await.until("three refused states", Duration.ofSeconds(10), () -> refused() >= refusedBefore + 3);
        assertThat(find(camera)).isNull();

        publish(camera, new CameraState(CameraState.Status.ONLINE, "rtsp://10.0.0.9:8554", "", Instant.now()));
        Await.until("a good state after bad ones", Duration.ofSeconds(10), () -> find(camera) != null);
        presence.reported(List.of(find(camera)));
    }

    private double refused() {
        return counted("zonecam.bus.states", "refused");
    }

    private CameraPresence.Heard find(String camera) {
        return presence.unreported().stream()
                .filter(h -> h.cameraId().equals(camera))
                .findFirst()
                .orElse(null);
    }

    private void publish(String camera, CameraState state) throws Exception {
        publishRaw(camera, Topics.state(camera), BusCodec.encode(state));
    }

    /** Publishes as {@code camera}, with its own certificate: the broker's ACL allows its own state topic only. */
    private void publishRaw(String camera, String topic, byte[] payload) throws Exception {
        cameras.publish(camera, topic, payload);
    }
}
