package io.zonecam.node.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.zonecam.contracts.bus.BusCodec;
import io.zonecam.contracts.bus.CameraEvent;
import io.zonecam.contracts.bus.Topics;
import io.zonecam.node.support.CameraBusTest;
import io.zonecam.node.support.NodeTestEnvironment;
import io.zonecam.testing.Await;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Camera events published by cameras with their own certificates on a real Mosquitto with the shipped TLS and ACL
 * configuration reach the node through its shared subscription (its own share group in the test profile); malformed ones and a camera's flood are counted and
 * dropped while the others' events still get through. The test node is standalone, so nothing is sent on: the
 * forwarding is {@code ReportChannelTest}'s and the end-to-end test's.
 */
@QuarkusTest
@QuarkusTestResource(NodeTestEnvironment.class)
class CameraEventListenerTest extends CameraBusTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void shouldDropMalformedEventsAndKeepListening() throws Exception {
        double refused = count("refused");
        double heard = count("heard");
        String camera = UUID.randomUUID().toString();
        publish(Topics.events(camera), "{not json".getBytes(StandardCharsets.UTF_8));
        publish(
                Topics.events(camera),
                ("{\"v\":1,\"type\":\"person\",\"occurredAt\":\"" + Instant.now() + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
        publish(Topics.events("sim-cam-7"), motion(Instant.now()));
        publish(Topics.events(camera), motion(Instant.now().plus(Duration.ofHours(1))));
        publish(Topics.events(camera), new byte[BusCodec.MAX_BYTES + 1]);
        Await.until("five refused events", WAIT, () -> count("refused") >= refused + 5);
        assertThat(count("heard")).isEqualTo(heard);

        publish(Topics.events(camera), motion(Instant.now()));
        Await.until("a good event after bad ones", WAIT, () -> count("heard") >= heard + 1);
    }

    @Test
    void shouldHoldBackAFloodingCameraButNotTheOthers() throws Exception {
        double limited = count("rate_limited");
        String noisy = UUID.randomUUID().toString();
        for (int i = 0; i < CameraEventListener.PER_CAMERA_PER_MINUTE + 5; i++) {
            publish(Topics.events(noisy), motion(Instant.now()));
        }
        Await.until("the flood's excess held back", WAIT, () -> count("rate_limited") >= limited + 5);
        double heard = count("heard");
        publish(Topics.events(UUID.randomUUID().toString()), motion(Instant.now()));
        Await.until("a quiet camera's event heard", WAIT, () -> count("heard") >= heard + 1);
    }

    private static byte[] motion(Instant at) {
        return BusCodec.encode(new CameraEvent(CameraEvent.Type.MOTION, at, Map.of()));
    }

    private double count(String outcome) {
        return counted("zonecam.bus.events", outcome);
    }

    /** Publishes as the camera the topic names, with that camera's certificate (the ACL allows no other). */
    private void publish(String topic, byte[] payload) throws Exception {
        cameras.publish(Topics.cameraOf(topic), topic, payload);
    }
}
