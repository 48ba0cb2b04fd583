package io.zonecam.control.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
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

    /** The columns of a listed camera, for {@code select <COLUMNS> from cameras ...} ({@link CameraRow}). */
    public static final String COLUMNS = CameraRow.COLUMNS;

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
                    rows.forEach(r -> cameras.add(CameraRow.camera(r)));
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
}
