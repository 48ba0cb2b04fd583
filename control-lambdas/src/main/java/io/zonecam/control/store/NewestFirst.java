package io.zonecam.control.store;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * NewestFirst is the keyset search the time-partitioned tables share (events, audit log): an organization's rows,
 * optional equality filters, a time range [from, to) on {@code occurred_at}, and one page after a position
 * ({@code problem.PageCursor}'s time and id), newest first, on the caller's Panache session.
 */
final class NewestFirst {

    private final StringBuilder sql;
    private final Map<String, Object> params = new LinkedHashMap<>();

    /** {@code select} names the columns and the table ("select a, b from t"); rows of {@code organizationId} only. */
    NewestFirst(String select, UUID organizationId) {
        this.sql = new StringBuilder(select).append(" where organization_id = :org");
        params.put("org", organizationId);
    }

    /** Only rows whose {@code column} equals {@code value}; no filter when it is null. */
    NewestFirst equal(String column, Object value) {
        if (value != null) {
            sql.append(" and ").append(column).append(" = :").append(column);
            params.put(column, value);
        }
        return this;
    }

    /** Only rows at or after {@code from} and before {@code to}, each when given. */
    NewestFirst range(Instant from, Instant to) {
        if (from != null) {
            sql.append(" and occurred_at >= :from");
            params.put("from", from);
        }
        if (to != null) {
            sql.append(" and occurred_at < :to");
            params.put("to", to);
        }
        return this;
    }

    /** At most {@code limit} rows after ({@code beforeAt}, {@code beforeId}) when given, newest first. */
    Uni<List<Object[]>> page(Instant beforeAt, UUID beforeId, int limit) {
        if (beforeAt != null) {
            sql.append(" and (occurred_at < :bat or (occurred_at = :bat and id < :bid))");
            params.put("bat", beforeAt);
            params.put("bid", beforeId);
        }
        sql.append(" order by occurred_at desc, id desc limit :limit");
        params.put("limit", limit);
        return Panache.getSession().chain(s -> {
            var query = s.createNativeQuery(sql.toString(), Object[].class);
            params.forEach(query::setParameter);
            return query.getResultList();
        });
    }
}
