package io.zonecam.contracts.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BusCodecTest {

    static final Instant T = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void shouldRoundTripCommandsAndStates() {
        CameraCommand c =
                new CameraCommand("c1", CameraCommand.Type.RECONNECT, "drain", T, T.plusSeconds(60), Map.of());
        assertThat(BusCodec.decodeCommand(BusCodec.encode(c))).isEqualTo(c);
        CameraCommand s =
                new CameraCommand("c2", CameraCommand.Type.SETTINGS, "operator", T, null, Map.of("bitrate", "2000000"));
        assertThat(BusCodec.decodeCommand(BusCodec.encode(s))).isEqualTo(s);
        CameraState st = new CameraState(CameraState.Status.ONLINE, "rtsp://10.0.0.1:8554", "c1", T);
        assertThat(BusCodec.decodeState(BusCodec.encode(st))).isEqualTo(st);
        assertThat(new String(BusCodec.encode(c), StandardCharsets.UTF_8))
                .contains("\"type\":\"reconnect\"", "\"v\":1");
    }

    @Test
    void shouldRefuseOtherVersionsUnknownTypesAndGarbage() {
        for (String bad : new String[] {
            "{\"v\":2,\"id\":\"x\",\"type\":\"reconnect\",\"issuedAt\":\"2026-11-26T10:00:00Z\"}",
            "{\"v\":1,\"id\":\"x\",\"type\":\"selfdestruct\",\"issuedAt\":\"2026-11-26T10:00:00Z\"}",
            "{\"v\":1,\"type\":\"reconnect\",\"issuedAt\":\"2026-11-26T10:00:00Z\"}",
            "{\"v\":1,\"id\":\"x\",\"type\":\"reconnect\",\"issuedAt\":\"yesterday\"}",
            "[1,2]",
            "not json",
            ""
        }) {
            assertThatThrownBy(() -> BusCodec.decodeCommand(bad.getBytes(StandardCharsets.UTF_8)))
                    .as(bad)
                    .isInstanceOf(BusException.class);
        }
        assertThatThrownBy(() -> BusCodec.decodeCommand(new byte[BusCodec.MAX_BYTES + 1]))
                .isInstanceOf(BusException.class);
    }

    @Test
    void shouldRoundTripCameraEventsAndRefuseBadOnes() {
        CameraEvent e = new CameraEvent(CameraEvent.Type.MOTION, T, Map.of("region", "door"));
        assertThat(BusCodec.decodeEvent(BusCodec.encode(e))).isEqualTo(e);
        assertThat(BusCodec.decodeEvent(
                        "{\"v\":1,\"type\":\"tamper\",\"occurredAt\":\"2026-11-26T10:00:00Z\",\"data\":{\"n\":3}}"
                                .getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new CameraEvent(CameraEvent.Type.TAMPER, T, Map.of("n", "3")));
        for (String bad : new String[] {
            "{\"v\":1,\"type\":\"person\",\"occurredAt\":\"2026-11-26T10:00:00Z\"}",
            "{\"v\":1,\"type\":\"motion\"}",
            "{\"v\":1,\"type\":\"motion\",\"occurredAt\":\"soon\"}",
            "{\"v\":1,\"type\":\"motion\",\"occurredAt\":\"2026-11-26T10:00:00Z\",\"data\":[1]}",
            "{\"v\":1,\"type\":\"motion\",\"occurredAt\":\"2026-11-26T10:00:00Z\",\"data\":{\"a\":{}}}",
            "{\"type\":\"motion\",\"occurredAt\":\"2026-11-26T10:00:00Z\"}",
            "{\"v\":1,\"type\":7,\"occurredAt\":\"2026-11-26T10:00:00Z\"}"
        }) {
            assertThatThrownBy(() -> BusCodec.decodeEvent(bad.getBytes(StandardCharsets.UTF_8)))
                    .as(bad)
                    .isInstanceOf(BusException.class);
        }
    }

    @Test
    void shouldNameOnlyTheCamerasOwnTopicsAndRefuseWildcards() {
        assertThat(Topics.commands("6a1d2c44-3f0e-4b8e-9c59-5e0f3b8f2a11"))
                .isEqualTo("zonecam/v1/cameras/6a1d2c44-3f0e-4b8e-9c59-5e0f3b8f2a11/commands");
        assertThat(Topics.cameraOf("zonecam/v1/cameras/abc/state")).isEqualTo("abc");
        assertThat(Topics.cameraOf("zonecam/v1/cameras/abc/other")).isNull();
        assertThat(Topics.events("abc")).isEqualTo("zonecam/v1/cameras/abc/events");
        assertThat(Topics.cameraOf(Topics.events("abc"))).isEqualTo("abc");
        assertThat(Topics.nodeEvents()).isEqualTo("$share/zonecam-nodes/zonecam/v1/cameras/+/events");
        assertThat(Topics.cameraOf("zonecam/v1/cameras/+/state")).isNull();
        for (String bad : new String[] {"+", "#", "a/b", "", "x".repeat(65)}) {
            assertThatThrownBy(() -> Topics.state(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
