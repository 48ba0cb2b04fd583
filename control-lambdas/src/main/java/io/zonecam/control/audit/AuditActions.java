package io.zonecam.control.audit;

import java.util.List;

/**
 * AuditActions names what an audit entry records: calls of the API that issue access or change what an organization
 * has ({@code *.issued}, {@code *.created}, ...), and access that stream nodes report ({@code access.*}).
 */
public final class AuditActions {

    public static final String LIVE_ISSUED = "playback.live.issued";
    /** A recorded playback URL: its answer carries both the HLS playlist and the MP4 clip of the same token. */
    public static final String RECORDED_ISSUED = "playback.recorded.issued";

    public static final String SNAPSHOT_ISSUED = "snapshot.issued";
    public static final String SHARE_CREATED = "share.created";
    public static final String SHARE_REVOKED = "share.revoked";
    public static final String API_KEY_CREATED = "api-key.created";
    public static final String API_KEY_REVOKED = "api-key.revoked";
    public static final String CAMERA_CREATED = "camera.created";
    public static final String CAMERA_UPDATED = "camera.updated";
    /** A camera update that changed its retention (its details name the new one). */
    public static final String RETENTION_CHANGED = "camera.retention.changed";

    public static final String CAMERA_DELETED = "camera.deleted";

    /** Node-reported access, by the kind of the record: {@code access.live}, {@code access.recorded}, ... */
    public static final String ACCESS_PREFIX = "access.";

    /** The kinds of access nodes report. */
    public static final List<String> ACCESS_KINDS = List.of("live", "recorded", "clip", "snapshot", "thumbnail");

    /** Every action, as the API lists them. */
    public static final List<String> ALL = List.of(
            LIVE_ISSUED,
            RECORDED_ISSUED,
            SNAPSHOT_ISSUED,
            SHARE_CREATED,
            SHARE_REVOKED,
            API_KEY_CREATED,
            API_KEY_REVOKED,
            CAMERA_CREATED,
            CAMERA_UPDATED,
            RETENTION_CHANGED,
            CAMERA_DELETED,
            "access.live",
            "access.recorded",
            "access.clip",
            "access.snapshot",
            "access.thumbnail");

    private AuditActions() {}
}
