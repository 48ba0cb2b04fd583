package io.zonecam.contracts.bus;

import java.time.Instant;
import java.util.Objects;

/**
 * CameraState is what a camera reports on its state topic (schema version 1): online with where it publishes, or
 * offline (also its MQTT last will, so a vanished camera is reported by the broker).
 *
 * <pre>
 * {"v":1,"status":"online","node":"rtsp://10.0.1.7:8554","commandId":"3f2c…","at":"2026-11-26T10:00:02Z"}
 * </pre>
 *
 * @param status    online or offline
 * @param node      the ingest URL it publishes to (without token), or empty
 * @param commandId the last command it completed, or empty (lets the sender see a move finished)
 * @param at        when the camera sent it
 */
public record CameraState(Status status, String node, String commandId, Instant at) {

    /** Schema version written by this code. */
    public static final int VERSION = 1;

    /** Camera connectivity. */
    public enum Status {
        ONLINE,
        OFFLINE
    }

    public CameraState {
        Objects.requireNonNull(status, "status");
        node = node == null ? "" : node;
        commandId = commandId == null ? "" : commandId;
    }
}
