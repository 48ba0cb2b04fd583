package io.zonecam.node.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.zonecam.contracts.bus.BusCodec;
import io.zonecam.contracts.bus.CameraState;
import io.zonecam.contracts.bus.Topics;
import io.zonecam.node.fleet.FleetAgent;
import io.zonecam.node.support.NodeTestEnvironment;
import io.zonecam.node.support.TestBusClient;
import io.zonecam.sdk.model.CameraBusState;
import io.zonecam.testing.Await;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Camera states published on the real local Mosquitto (127.0.0.1:1883) reach the node through its shared
 * subscription and wait, newest per camera, for the heartbeat; malformed ones are dropped without stopping the
 * stream. The test profile gives each node run its own share group, so no other process takes the messages.
 */
@QuarkusTest
@QuarkusTestResource(NodeTestEnvironment.class)
class CameraStateListenerTest {

    @Inject
    CameraPresence presence;

    @Inject
    MeterRegistry registry;

    TestBusClient client;

    @BeforeEach
    void connect() throws Exception {
        client = TestBusClient.connect("state-test-");
    }

    @AfterEach
    void disconnect() throws Exception {
        client.close();
    }

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
        publishRaw(Topics.state(camera), "{not json".getBytes(StandardCharsets.UTF_8));
        publishRaw(
                Topics.state("sim-cam-7"), BusCodec.encode(new CameraState(CameraState.Status.ONLINE, "", "", null)));
        publishRaw(Topics.state(camera), new byte[BusCodec.MAX_BYTES + 1]);
        Await.until("three refused states", Duration.ofSeconds(10), () -> refused() >= refusedBefore + 3);
        assertThat(find(camera)).isNull();

        publish(camera, new CameraState(CameraState.Status.ONLINE, "rtsp://10.0.0.9:8554", "", Instant.now()));
        Await.until("a good state after bad ones", Duration.ofSeconds(10), () -> find(camera) != null);
        presence.reported(List.of(find(camera)));
    }

    private double refused() {
        var c = registry.find("zonecam.bus.states").tag("outcome", "refused").counter();
        return c == null ? 0 : c.count();
    }

    private CameraPresence.Heard find(String camera) {
        return presence.unreported().stream()
                .filter(h -> h.cameraId().equals(camera))
                .findFirst()
                .orElse(null);
    }

    private void publish(String camera, CameraState state) throws Exception {
        publishRaw(Topics.state(camera), BusCodec.encode(state));
    }

    private void publishRaw(String topic, byte[] payload) throws Exception {
        client.publish(topic, payload);
    }
}
