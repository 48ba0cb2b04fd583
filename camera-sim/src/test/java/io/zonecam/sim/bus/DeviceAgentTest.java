package io.zonecam.sim.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.contracts.bus.BusCodec;
import io.zonecam.contracts.bus.CameraCommand;
import io.zonecam.contracts.bus.CameraEvent;
import io.zonecam.contracts.bus.CameraState;
import io.zonecam.contracts.bus.Topics;
import io.zonecam.ingest.IngestProtocol;
import io.zonecam.sim.camera.CameraFleet;
import io.zonecam.sim.camera.SimConfig;
import io.zonecam.sim.camera.SimulatedCamera;
import io.zonecam.sim.camera.TargetSource;
import io.zonecam.sim.publish.PublishTarget;
import io.zonecam.sim.testing.TestClips;
import io.zonecam.sim.testing.TestNode;
import io.zonecam.testing.Await;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/**
 * A simulated camera's device agent against the real local Mosquitto (127.0.0.1:1883): the platform's reconnect
 * command moves the camera make-before-break to the node its fresh token names and the camera reports it done;
 * duplicated, stale and malformed commands change nothing; motion is reported on the camera's own events topic.
 */
class DeviceAgentTest {

    static final String BROKER = "tcp://127.0.0.1:1883";

    @Test
    void shouldMoveOnAReconnectCommandAndIgnoreDuplicatesStaleAndMalformedOnes() throws Exception {
        String id = "agent-" + UUID.randomUUID().toString().substring(0, 8);
        List<CameraState> states = new CopyOnWriteArrayList<>();
        try (TestNode a = TestNode.start(IngestProtocol.RTSP);
                TestNode b = TestNode.start(IngestProtocol.RTSP);
                CameraFleet fleet = new CameraFleet(TestClips.load(TestClips.MAIN), SimConfig.defaults())) {
            AtomicInteger tokenFetches = new AtomicInteger();
            TargetSource nextIsB = new TargetSource() {
                @Override
                public CompletableFuture<PublishTarget> next(String cameraId, PublishTarget last, String failure) {
                    tokenFetches.incrementAndGet();
                    return CompletableFuture.completedFuture(b.target(cameraId));
                }
            };
            SimulatedCamera camera = fleet.camera(id, nextIsB);
            MqttClient platform = new MqttClient(BROKER, "platform-" + id, new MemoryPersistence());
            platform.connect(new MqttConnectOptions());
            platform.subscribe(
                    Topics.state(id), 1, (topic, message) -> states.add(BusCodec.decodeState(message.getPayload())));
            try (DeviceAgent agent = new DeviceAgent(BROKER, camera, nextIsB, null, null)) {
                agent.start();
                camera.start(a.target(id)).get(10, TimeUnit.SECONDS);
                Await.until(
                        "agent connected and camera online",
                        Duration.ofSeconds(10),
                        () -> agent.connected()
                                && states.stream().anyMatch(s -> s.status() == CameraState.Status.ONLINE));

                long handled = DeviceAgent.COMMANDS_HANDLED.get();
                long ignored = DeviceAgent.COMMANDS_IGNORED.get();
                Instant now = Instant.now();
                CameraCommand move = new CameraCommand(
                        "cmd-1", CameraCommand.Type.RECONNECT, "drain", now, now.plusSeconds(30), Map.of());
                platform.publish(Topics.commands(id), BusCodec.encode(move), 1, false);
                Await.until(
                        "the move reported done",
                        Duration.ofSeconds(15),
                        () -> states.stream().anyMatch(s -> "cmd-1".equals(s.commandId())));
                CameraState done = states.stream()
                        .filter(s -> "cmd-1".equals(s.commandId()))
                        .findFirst()
                        .orElseThrow();
                assertThat(done.status()).isEqualTo(CameraState.Status.ONLINE);
                assertThat(done.node()).contains(":" + b.target(id).port() + "/");
                Await.until(
                        "frames on B and A's session ended",
                        Duration.ofSeconds(10),
                        () -> !b.sink.sessions.isEmpty()
                                && a.sink.sessions.stream().allMatch(s -> s.endReason != null));

                // The same command again (QoS 1 redelivery), an older one, and garbage: nothing happens.
                platform.publish(Topics.commands(id), BusCodec.encode(move), 1, false);
                platform.publish(
                        Topics.commands(id),
                        BusCodec.encode(new CameraCommand(
                                "cmd-0", CameraCommand.Type.RECONNECT, "drain", now.minusSeconds(60), now, Map.of())),
                        1,
                        false);
                platform.publish(Topics.commands(id), "{\"v\":9}".getBytes(StandardCharsets.UTF_8), 1, false);
                Await.until(
                        "three commands ignored",
                        Duration.ofSeconds(10),
                        () -> DeviceAgent.COMMANDS_IGNORED.get() >= ignored + 3);
                assertThat(DeviceAgent.COMMANDS_HANDLED.get()).isEqualTo(handled + 1);
                assertThat(tokenFetches.get()).isEqualTo(1);
                assertThat(b.sink.sessions).hasSize(1);
            } finally {
                platform.disconnect();
                platform.close();
            }
        }
    }

    @Test
    void shouldReportMotionOnItsOwnEventsTopic() throws Exception {
        String id = "agent-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> heard = new CopyOnWriteArrayList<>();
        List<CameraEvent> events = new CopyOnWriteArrayList<>();
        try (CameraFleet fleet = new CameraFleet(TestClips.load(TestClips.MAIN), SimConfig.defaults())) {
            TargetSource none = (cameraId, last, failure) -> new CompletableFuture<>();
            MqttClient platform = new MqttClient(BROKER, "platform-" + id, new MemoryPersistence());
            platform.connect(new MqttConnectOptions());
            platform.subscribe(Topics.events(id), 1, (topic, message) -> {
                heard.add(topic);
                events.add(BusCodec.decodeEvent(message.getPayload()));
            });
            Instant before = Instant.now();
            try (DeviceAgent agent = new DeviceAgent(BROKER, fleet.camera(id, none), none, null, null)) {
                agent.start();
                Await.until("agent connected", Duration.ofSeconds(10), agent::connected);
                agent.reportMotionEvery(Duration.ofMillis(100));
                Await.until(
                        "three motion events",
                        Duration.ofSeconds(10),
                        () -> heard.stream().filter(Topics.events(id)::equals).count() >= 3);
            } finally {
                platform.disconnect();
                platform.close();
            }
            assertThat(events).isNotEmpty().allSatisfy(e -> {
                assertThat(e.type()).isEqualTo(CameraEvent.Type.MOTION);
                assertThat(e.occurredAt()).isBetween(before, Instant.now());
            });
        }
    }
}
