package io.zonecam.contracts.bus;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * CameraEvent is what a camera reports on its events topic (schema version 1): something it detected itself. The
 * camera is named by the topic, never by the message, so a camera can only speak for itself.
 *
 * <pre>
 * {"v":1,"type":"motion","occurredAt":"2026-12-06T10:00:00.400Z","data":{"region":"door"}}
 * </pre>
 *
 * @param type       what it detected
 * @param occurredAt when, by the camera's clock
 * @param data       the camera's own details (at most {@link BusCodec#MAX_EVENT_DATA} text values), possibly empty
 */
public record CameraEvent(Type type, Instant occurredAt, Map<String, String> data) {

    /** Schema version written by this code. */
    public static final int VERSION = 1;

    /** What a camera may report; the control plane's {@code kind} of a {@code camera.reported} event. */
    public enum Type {
        MOTION,
        SOUND,
        TAMPER
    }

    public CameraEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        data = data == null ? Map.of() : Map.copyOf(data);
    }
}
