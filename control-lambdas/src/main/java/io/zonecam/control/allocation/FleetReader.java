package io.zonecam.control.allocation;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * FleetReader runs the fleet snapshot's two queries on the connection the caller already holds (its Panache session
 * or its SQL connection), so that a request inside a transaction never waits for a second pooled connection: under
 * load, every connection could be held by such requests, each waiting for another. Both kinds of connection give
 * rows as plain values; one mapping turns them into allocation inputs.
 */
public interface FleetReader {

    String ZONES = "select z.id, z.region, z.state, z.capacity, coalesce(sum(n.assigned_cameras), 0), "
            + "count(n.id) filter (where n.state = 'active' and n.lease_expires_at > now()) "
            + "from zones z left join nodes n on n.zone_id = z.id group by z.id order by z.id";
    String NODES = "select id, assigned_cameras, capacity, (state = 'active' and lease_expires_at > now()) "
            + "from nodes where zone_id = %s order by id";

    /** The rows of {@link #ZONES}. */
    Uni<List<Object[]>> zoneRows();

    /** The rows of {@link #NODES} for one zone. */
    Uni<List<Object[]>> nodeRows(String zoneId);

    /** Every zone as an allocation candidate, with its camera count and active nodes. */
    default Uni<List<ZoneChooser.Candidate>> zones() {
        return zoneRows().map(rows -> {
            List<ZoneChooser.Candidate> list = new ArrayList<>(rows.size());
            for (Object[] r : rows) {
                list.add(new ZoneChooser.Candidate(
                        (String) r[0],
                        (String) r[1],
                        "open".equals(r[2]),
                        ((Number) r[3]).intValue(),
                        ((Number) r[4]).intValue(),
                        ((Number) r[5]).intValue()));
            }
            return list;
        });
    }

    /** One zone's nodes with their assigned cameras. */
    default Uni<List<ZoneLoad.NodeSlot>> nodes(String zoneId) {
        return nodeRows(zoneId).map(rows -> {
            List<ZoneLoad.NodeSlot> slots = new ArrayList<>(rows.size());
            for (Object[] r : rows) {
                slots.add(new ZoneLoad.NodeSlot(
                        (UUID) r[0], ((Number) r[1]).intValue(), ((Number) r[2]).intValue(), (Boolean) r[3]));
            }
            return slots;
        });
    }

    /** Reads through the caller's SQL connection (or the pool, outside any transaction). */
    static FleetReader of(SqlClient client) {
        return new FleetReader() {
            @Override
            public Uni<List<Object[]>> zoneRows() {
                return client.query(ZONES).execute().map(FleetReader::values);
            }

            @Override
            public Uni<List<Object[]>> nodeRows(String zoneId) {
                return client.preparedQuery(NODES.formatted("$1"))
                        .execute(Tuple.of(zoneId))
                        .map(FleetReader::values);
            }
        };
    }

    /** Reads through the current Panache session (its transaction, if one is open). */
    static FleetReader panache() {
        return new FleetReader() {
            @Override
            public Uni<List<Object[]>> zoneRows() {
                return Panache.getSession()
                        .chain(s -> s.createNativeQuery(ZONES, Object[].class).getResultList());
            }

            @Override
            public Uni<List<Object[]>> nodeRows(String zoneId) {
                return Panache.getSession()
                        .chain(s -> s.createNativeQuery(NODES.formatted(":zone"), Object[].class)
                                .setParameter("zone", zoneId)
                                .getResultList());
            }
        };
    }

    private static List<Object[]> values(RowSet<Row> rows) {
        List<Object[]> list = new ArrayList<>(rows.size());
        for (Row r : rows) {
            Object[] values = new Object[r.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = r.getValue(i);
            }
            list.add(values);
        }
        return list;
    }
}
