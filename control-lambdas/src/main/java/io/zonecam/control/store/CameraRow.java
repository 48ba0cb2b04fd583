package io.zonecam.control.store;

import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Collectors;

/**
 * CameraRow is how a camera is read on the reactive client without Hibernate: the columns a detached {@link Camera}
 * is read with, and the mapping of such a row. The camera list and the claim read the same columns, so a camera comes
 * back the same from either (its status, live-view problem and bus presence included) and a column added to the API's
 * camera view is added here once. The secret hash is never read.
 */
final class CameraRow {

    private static final List<String> NAMES = List.of(
            "id",
            "organization_id",
            "serial",
            "name",
            "model",
            "retention_days",
            "status",
            "zone_id",
            "node_id",
            "assigned_at",
            "live_view_problem",
            "bus_state",
            "bus_publishing_to",
            "bus_command_id",
            "bus_reported_at",
            "created_at",
            "updated_at");

    /** The columns, for {@code select <COLUMNS> from cameras ...}. */
    static final String COLUMNS = String.join(", ", NAMES);

    private CameraRow() {}

    /** The columns of the table aliased {@code alias}, for a join: {@code c.id, c.organization_id, ...}. */
    static String columns(String alias) {
        return NAMES.stream().map(n -> alias + "." + n).collect(Collectors.joining(", "));
    }

    /** The detached camera of a row that has the {@link #COLUMNS}. */
    static Camera camera(Row r) {
        Camera c = new Camera();
        c.id = r.getUUID("id");
        c.organizationId = r.getUUID("organization_id");
        c.serial = r.getString("serial");
        c.name = r.getString("name");
        c.model = r.getString("model");
        c.retentionDays = r.getInteger("retention_days");
        c.status = r.getString("status");
        c.zoneId = r.getString("zone_id");
        c.nodeId = r.getUUID("node_id");
        c.assignedAt = instant(r.getOffsetDateTime("assigned_at"));
        c.liveViewProblem = r.getString("live_view_problem");
        c.busState = r.getString("bus_state");
        c.busPublishingTo = r.getString("bus_publishing_to");
        c.busCommandId = r.getString("bus_command_id");
        c.busReportedAt = instant(r.getOffsetDateTime("bus_reported_at"));
        c.createdAt = instant(r.getOffsetDateTime("created_at"));
        c.updatedAt = instant(r.getOffsetDateTime("updated_at"));
        return c;
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
