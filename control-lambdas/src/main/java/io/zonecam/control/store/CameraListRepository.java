package io.zonecam.control.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * CameraListRepository reads pages of an organization's cameras on the reactive client without Hibernate: the camera
 * list is the API's most frequent read (the viewer's grid, 50,000 cameras an organization at a million), and through a
 * session it took two statements (the page's ids, then its cameras as entities) and the entity bookkeeping of each
 * row, where one statement returning the columns the list shows does. Cameras come back detached.
 */
@ApplicationScoped
public class CameraListRepository {

    /** The columns of a listed camera, for {@code select <COLUMNS> from cameras ...}. */
    public static final String COLUMNS = "id, organization_id, serial, name, model, retention_days, status, zone_id, "
            + "node_id, assigned_at, live_view_problem, bus_state, bus_publishing_to, bus_command_id, bus_reported_at, "
            + "created_at, updated_at";

    private static final String LIVE_NODES =
            "select id, http_url from nodes where id = any($1) and state <> '" + Node.DEAD + "'";

    private final Pool pool;

    public CameraListRepository(Pool pool) {
        this.pool = pool;
    }

    /** The cameras a statement selecting {@link #COLUMNS}, written with named parameters, returns, in its order. */
    public Uni<List<Camera>> cameras(String sql, Map<String, Object> params) {
        NamedSql statement = NamedSql.of(sql);
        return pool.withConnection(c -> c.preparedQuery(statement.sql()).execute(statement.bind(params)))
                .map(rows -> {
                    List<Camera> cameras = new ArrayList<>(rows.size());
                    rows.forEach(r -> cameras.add(camera(r)));
                    return cameras;
                });
    }

    /** The nodes among these that are not dead, by id, with the address their HTTP URLs start with. */
    public Uni<Map<UUID, Node>> liveNodes(List<UUID> ids) {
        return pool.withConnection(c -> c.preparedQuery(LIVE_NODES).execute(Tuple.of(ids.toArray(UUID[]::new))))
                .map(rows -> {
                    Map<UUID, Node> nodes = new HashMap<>();
                    rows.forEach(r -> {
                        Node n = new Node();
                        n.id = r.getUUID("id");
                        n.httpUrl = r.getString("http_url");
                        nodes.put(n.id, n);
                    });
                    return nodes;
                });
    }

    private static Camera camera(Row r) {
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
