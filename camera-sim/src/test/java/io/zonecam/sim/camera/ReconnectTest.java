package io.zonecam.sim.camera;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.ingest.IngestProtocol;
import io.zonecam.sim.publish.PublishTarget;
import io.zonecam.sim.testing.LeakCheck;
import io.zonecam.sim.testing.TestClips;
import io.zonecam.sim.testing.TestNode;
import io.zonecam.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A camera whose node drops it reconnects with backoff and carries on its counters; a refused camera keeps trying. */
@ExtendWith(LeakCheck.class)
class ReconnectTest {

    private static final SimConfig FAST =
            SimConfig.defaults().withReconnect(Duration.ofMillis(100), Duration.ofMillis(400));

    @ParameterizedTest
    @EnumSource(IngestProtocol.class)
    void droppedSessionReconnectsAtAKeyframeAndCountersRunOn(IngestProtocol protocol) throws Exception {
        try (TestNode node = TestNode.start(protocol);
                CameraFleet fleet = new CameraFleet(TestClips.load(TestClips.MAIN), FAST)) {
            SimulatedCamera c = fleet.camera("dropped-1", TargetSource.fixed());
            List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
            c.events(new CameraEvents() {
                @Override
                public void publishing(SimulatedCamera camera, PublishTarget target) {
                    events.add("publishing");
                }

                @Override
                public void connectionLost(SimulatedCamera camera, PublishTarget target, String reason) {
                    events.add("lost");
                }
            });
            c.start(node.target(c.id())).get(10, TimeUnit.SECONDS);
            Await.until("20 frames", Duration.ofSeconds(10), () -> c.stats().framesSent() >= 20);
            String first = node.server.sessions().get(0).sessionId();
            assertThat(node.server.disconnect(first)).isTrue();
            Await.until(
                    "a second session with 20 frames",
                    Duration.ofSeconds(10),
                    () -> node.sink.of(c.id()).size() == 2
                            && node.sink.of(c.id()).get(1).counters().size() >= 20);
            c.stop().get(10, TimeUnit.SECONDS);

            List<Long> one = node.sink.of(c.id()).get(0).counters();
            List<Long> two = node.sink.of(c.id()).get(1).counters();
            assertThat(node.sink.of(c.id()).get(1).videoFrames().get(0).keyframe())
                    .isTrue();
            assertThat(two.get(0)).isGreaterThan(one.get(one.size() - 1)); // counters never restart
            for (int i = 1; i < two.size(); i++) {
                assertThat(two.get(i)).isEqualTo(two.get(i - 1) + 1);
            }
            CameraStats s = c.stats();
            assertThat(s.reconnects()).isEqualTo(1);
            assertThat(events).containsExactly("publishing", "lost", "publishing");
            // Frames of the outage are lost, as from a real camera, and every one of them is counted.
            assertThat(s.framesUnsent()).isGreaterThanOrEqualTo(two.get(0) - one.get(one.size() - 1) - 1);
            assertThat(s.framesSent() + s.framesUnsent() + s.framesDropped() + s.framesSkipped())
                    .isEqualTo(s.framesGenerated());
        }
    }

    @Test
    void refusedTokenIsRetriedWithBackoffAndNeverPublishes() throws Exception {
        try (TestNode node = TestNode.start(IngestProtocol.RTSP);
                CameraFleet fleet = new CameraFleet(TestClips.load(TestClips.MAIN), FAST)) {
            SimulatedCamera c = fleet.camera("refused-1", TargetSource.fixed());
            c.start(PublishTarget.of(node.target(c.id()).url().toString().replace("token=good-", "token=bad-")));
            Await.until(
                    "three refusals", Duration.ofSeconds(10), () -> c.stats().connectFailures() >= 3);
            CameraStats s = c.stats();
            assertThat(s.lastError()).contains("403");
            assertThat(s.framesGenerated()).isZero(); // the timeline starts with the first accepted session
            assertThat(node.sink.sessions).isEmpty();
            c.stop().get(5, TimeUnit.SECONDS);
        }
    }
}
