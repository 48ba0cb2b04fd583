package io.zonecam.contracts.bus;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * CameraCommand is a message from the platform to one camera on its commands topic (schema version 1).
 *
 * <pre>
 * {"v":1,"id":"3f2c…","type":"reconnect","reason":"drain","issuedAt":"2026-11-26T10:00:00Z",
 *  "deadline":"2026-11-26T10:01:00Z"}
 * </pre>
 * Commands carry no credentials: on {@code reconnect} the camera asks the control plane for a fresh device token,
 * which names its new node, publishes there, and only then closes its old session (make-before-break).
 *
 * @param id       unique id; a camera ignores an id it has already handled (duplicates are harmless)
 * @param type     what to do
 * @param reason   why, for logs ({@code drain}, {@code rebalance}, {@code node-lost}, {@code operator})
 * @param issuedAt when it was sent; a camera ignores commands older than the last one it handled
 * @param deadline when the platform stops waiting and disconnects the old session
 * @param settings for {@code settings}: the settings to apply (name → value); empty otherwise
 */
public record CameraCommand(
        String id, Type type, String reason, Instant issuedAt, Instant deadline, Map<String, String> settings) {

    /** Schema version written by this code. */
    public static final int VERSION = 1;

    /** Command types. */
    public enum Type {
        /** Publish to the node the control plane now assigns, make-before-break. */
        RECONNECT,
        /** Send a keyframe as soon as possible (a viewer or the recorder needs one). */
        KEYFRAME,
        /** Apply settings (bit rate, GOP length…), then keep publishing. */
        SETTINGS
    }

    public CameraCommand {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(issuedAt, "issuedAt");
        reason = reason == null ? "" : reason;
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }
}
