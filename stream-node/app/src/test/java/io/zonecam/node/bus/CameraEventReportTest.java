package io.zonecam.node.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonecam.contracts.bus.BusCodec;
import io.zonecam.contracts.bus.BusException;
import io.zonecam.contracts.bus.CameraEvent;
import io.zonecam.contracts.bus.Topics;
import io.zonecam.sdk.model.CameraReport;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What the node makes of a camera's event message, without a broker: the report, or why it is refused. */
class CameraEventReportTest {

    static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    static final String CAMERA = "6a1d2c44-3f0e-4b8e-9c59-5e0f3b8f2a11";

    @Test
    void shouldReportTheTopicsCameraWithTheSnapshotOfTheEventsInstant() {
        Instant at = NOW.minusMillis(400);
        byte[] payload = BusCodec.encode(new CameraEvent(CameraEvent.Type.TAMPER, at, Map.of("region", "door")));
        CameraReport r = CameraEventListener.toReport(Topics.events(CAMERA), payload, NOW);
        assertThat(r.getCameraId()).isEqualTo(UUID.fromString(CAMERA));
        assertThat(r.getId()).isNotNull();
        assertThat(r.getKind()).isEqualTo(CameraReport.KindEnum.TAMPER);
        assertThat(r.getOccurredAt().toInstant()).isEqualTo(at);
        assertThat(r.getSnapshotAt()).isEqualTo(r.getOccurredAt());
        assertThat(r.getSnapshotAt().getOffset()).isEqualTo(ZoneOffset.UTC);
    }

    @Test
    void shouldTakeTheCameraFromTheTopicNeverFromThePayload() {
        String other = UUID.randomUUID().toString();
        byte[] forged = ("{\"v\":1,\"type\":\"motion\",\"occurredAt\":\"" + NOW + "\",\"cameraId\":\"" + other + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(CameraEventListener.toReport(Topics.events(CAMERA), forged, NOW)
                        .getCameraId())
                .isEqualTo(UUID.fromString(CAMERA));
    }

    @Test
    void shouldRefuseOtherTopicsForeignIdsAndTimesTheControlPlaneWouldRefuse() {
        byte[] good = BusCodec.encode(new CameraEvent(CameraEvent.Type.MOTION, NOW, Map.of()));
        assertThatThrownBy(() -> CameraEventListener.toReport(Topics.state(CAMERA), good, NOW))
                .isInstanceOf(BusException.class);
        assertThatThrownBy(() -> CameraEventListener.toReport(null, good, NOW)).isInstanceOf(BusException.class);
        assertThatThrownBy(() -> CameraEventListener.toReport(Topics.events("sim-cam-1"), good, NOW))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() ->
                        CameraEventListener.toReport(Topics.events(CAMERA), new byte[BusCodec.MAX_BYTES + 1], NOW))
                .isInstanceOf(BusException.class);
        for (Instant at : new Instant[] {
            NOW.plus(Duration.ofMinutes(3)), NOW.minus(Duration.ofDays(6).plusSeconds(1))
        }) {
            byte[] payload = BusCodec.encode(new CameraEvent(CameraEvent.Type.SOUND, at, Map.of()));
            assertThatThrownBy(() -> CameraEventListener.toReport(Topics.events(CAMERA), payload, NOW))
                    .as(at.toString())
                    .isInstanceOf(BusException.class);
        }
        // Clock skew within bounds is accepted.
        byte[] skewed = BusCodec.encode(new CameraEvent(CameraEvent.Type.SOUND, NOW.plusSeconds(90), Map.of()));
        assertThat(CameraEventListener.toReport(Topics.events(CAMERA), skewed, NOW))
                .isNotNull();
    }

    @Test
    void shouldLimitEachCameraOnItsOwnPerWindow() {
        MutableClock clock = new MutableClock(NOW);
        PerCameraRate rate = new PerCameraRate(3, Duration.ofMinutes(1), clock);
        for (int i = 0; i < 3; i++) {
            assertThat(rate.admit("a")).isTrue();
        }
        assertThat(rate.admit("a")).as("a's fourth in the window").isFalse();
        assertThat(rate.admit("b")).as("b is not held back by a").isTrue();
        clock.now = NOW.plus(Duration.ofMinutes(1));
        assertThat(rate.admit("a")).as("a new window").isTrue();
    }

    private static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
