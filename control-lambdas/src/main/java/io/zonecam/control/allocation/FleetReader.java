package io.zonecam.control.allocation;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * FleetReader runs the fleet snapshot's two queries on the connection the caller already holds (its Panache session
 * or its SQL connection), so that a request inside a transaction never waits for a second pooled connection: under
 * load, every connection could be held by such requests, each waiting for another.
 */
public interface FleetReader {

    String ZONES = "select z.id, z.region, z.state, z.capacity, coalesce(sum(n.assigned_cameras), 0), "
        + "count(n.id) filter (where n.state = 'active' and n.lease_expires_at > now()) "
        + "from zones z left join nodes n on n.zone_id = z.id group by z.id order by z.id";
    String NODES = "select id, assigned_cameras, capacity, (state = 'active' and lease_expires_at > now()) "
        + "from nodes where zone_id = %s order by id";

    /** Every zone as an allocation candidate, with its camera count and active nodes. */
    Uni<List<ZoneChooser.Candidate>> zones();

    /** One zone's nodes with their assigned cameras. */
    Uni<List<ZoneLoad.NodeSlot>> nodes(String zoneId);

    /** Reads through the caller's SQL connection (or the pool, outside any transaction). */
    static FleetReader of(SqlClient client) {
        return new FleetReader() {
            @Override
            public Uni<List<ZoneChooser.Candidate>> zones() {
                return client.query(ZONES).execute().map(rows -> {
                    List<ZoneChooser.Candidate> list = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        list.add(candidate(r.getString(0), r.getString(1), r.getString(2), r.getInteger(3),
                            r.getLong(4), r.getLong(5)));
                    }
                    return list;
                });
            }

            @Override
            public Uni<List<ZoneLoad.NodeSlot>> nodes(String zoneId) {
                return client.preparedQuery(NODES.formatted("$1")).execute(Tuple.of(zoneId)).map(rows -> {
                    List<ZoneLoad.NodeSlot> slots = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        slots.add(new ZoneLoad.NodeSlot(r.getUUID(0), r.getInteger(1), r.getInteger(2),
                            r.getBoolean(3)));
                    }
                    return slots;
                });
            }
        };
    }

    /** Reads through the current Panache session (its transaction, if one is open). */
    static FleetReader panache() {
        return new FleetReader() {
            @Override
            public Uni<List<ZoneChooser.Candidate>> zones() {
                return Panache.getSession().chain(s -> s.createNativeQuery(ZONES, Object[].class).getResultList())
                    .map(rows -> {
                        List<ZoneChooser.Candidate> list = new ArrayList<>(rows.size());
                        for (Object[] r : rows) {
                            list.add(candidate((String) r[0], (String) r[1], (String) r[2], (Number) r[3],
                                (Number) r[4], (Number) r[5]));
                        }
                        return list;
                    });
            }

            @Override
            public Uni<List<ZoneLoad.NodeSlot>> nodes(String zoneId) {
                return Panache.getSession().chain(s -> s.createNativeQuery(NODES.formatted(":zone"), Object[].class)
                        .setParameter("zone", zoneId).getResultList())
                    .map(rows -> {
                        List<ZoneLoad.NodeSlot> slots = new ArrayList<>(rows.size());
                        for (Object[] r : rows) {
                            slots.add(new ZoneLoad.NodeSlot((UUID) r[0], ((Number) r[1]).intValue(),
                                ((Number) r[2]).intValue(), (Boolean) r[3]));
                        }
                        return slots;
                    });
            }
        };
    }

    private static ZoneChooser.Candidate candidate(String id, String region, String state, Number capacity,
                                                   Number cameras, Number activeNodes) {
        return new ZoneChooser.Candidate(id, region, "open".equals(state), capacity.intValue(), cameras.intValue(),
            activeNodes.intValue());
    }
}
