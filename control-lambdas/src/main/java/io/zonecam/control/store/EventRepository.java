package io.zonecam.control.store;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * EventRepository holds the SQL of camera events: recording them (with their webhook deliveries, the outbox, in the
 * same statement and so the same transaction), searching them, and keeping their monthly partitions. Events are
 * derived from set-based fleet statements (a heartbeat turns hundreds of cameras online at once), so recording is one
 * statement per batch on the caller's Panache session, never an entity per event.
 */
@ApplicationScoped
public class EventRepository {

    /** A camera started publishing to a node. */
    public static final String CAMERA_ONLINE = "camera.online";
    /** A camera stopped publishing, or its node was declared dead. */
    public static final String CAMERA_OFFLINE = "camera.offline";
    /** A camera was moved to another node (drain, node death, rebalance, rejoin). */
    public static final String CAMERA_MOVED = "camera.moved";
    /** The camera itself reported motion, sound or tamper (through its node). */
    public static final String CAMERA_REPORTED = "camera.reported";
    /** The camera's device-bus connection came up, as a node heard it (its state topic said connected). */
    public static final String CAMERA_BUS_ONLINE = "camera.bus.online";
    /** The camera's device-bus connection went down (its state topic said disconnected, e.g. its last will). */
    public static final String CAMERA_BUS_OFFLINE = "camera.bus.offline";
    /** The camera's recording stopped ({@code data.reason}: {@code FleetRepository.GAP_*}). */
    public static final String RECORDING_GAP_BEGUN = "recording.gap.begun";
    /** The camera's recording resumed ({@code data.reason} of the gap, {@code data.since} its start). */
    public static final String RECORDING_GAP_ENDED = "recording.gap.ended";
    /** Every type, as the API lists them. */
    public static final List<String> TYPES = List.of(
            CAMERA_ONLINE,
            CAMERA_OFFLINE,
            CAMERA_MOVED,
            CAMERA_REPORTED,
            CAMERA_BUS_ONLINE,
            CAMERA_BUS_OFFLINE,
            RECORDING_GAP_BEGUN,
            RECORDING_GAP_ENDED);

    /** The version of the event envelope and of every type's {@code data} written now. */
    public static final int VERSION = 1;

    /** A stored event; {@code data} is its JSON object as text. */
    public record StoredEvent(
            UUID id, UUID organizationId, UUID cameraId, String type, int version, Instant occurredAt, String data) {}

    /** A search: the organization, then optional camera, type, time range [from, to) and position. */
    public record Search(
            UUID organizationId,
            UUID cameraId,
            String type,
            Instant from,
            Instant to,
            Instant beforeAt,
            UUID beforeId) {}

    /**
     * Records one event of {@code type} per row of the CTE named {@code src} that {@code source} defines (columns
     * {@code organization_id, camera_id, occurred_at, data jsonb}; {@code source} may define other CTEs before it, and
     * they may change rows), and queues one delivery per enabled webhook of the event's organization subscribed to
     * the type. Returns the number of events recorded.
     */
    public Uni<Long> record(String type, String source, Map<String, Object> params) {
        return insert(":evtype", source, typed(params, type), "gen_random_uuid()", "", "ev");
    }

    /**
     * Like {@link #record} for a statement that causes events of several types: {@code src} has a {@code type} column
     * too, so one statement (one change of the rows) records them all.
     */
    public Uni<Long> recordTyped(String source, Map<String, Object> params) {
        return insert("type", source, params, "gen_random_uuid()", "", "ev");
    }

    /** {@link #recordTyped} with the event ids given by {@code src}, as {@link #recordOnce} does. */
    public Uni<Long> recordTypedOnce(String source, Map<String, Object> params) {
        return insert("type", source, params, "id", " on conflict (id, occurred_at) do nothing", "ev");
    }

    /**
     * Like {@link #record}, with the event ids given by {@code src} (a column {@code id}): a row whose event is
     * recorded already (a resent batch) is skipped, with no second webhook delivery. Returns the number of rows of
     * {@code src}, recorded now or before.
     */
    public Uni<Long> recordOnce(String type, String source, Map<String, Object> params) {
        return insert(":evtype", source, typed(params, type), "id", " on conflict (id, occurred_at) do nothing", "src");
    }

    private static Map<String, Object> typed(Map<String, Object> params, String type) {
        Map<String, Object> all = new HashMap<>(params);
        all.put("evtype", type);
        return all;
    }

    private Uni<Long> insert(
            String typeColumn,
            String source,
            Map<String, Object> params,
            String id,
            String onConflict,
            String counted) {
        String sql = statement(typeColumn, source, id, onConflict, counted);
        return Panache.getSession().chain(s -> {
            var query = s.createNativeQuery(sql, Long.class);
            params.forEach(query::setParameter);
            return query.getSingleResult();
        });
    }

    /**
     * The statement of {@link #recordTyped} with named parameters, for callers on the reactive client
     * ({@link HeartbeatRepository}); it answers one row, the number of events recorded.
     */
    static String recordTypedStatement(String source) {
        return statement("type", source, "gen_random_uuid()", "", "ev");
    }

    private static String statement(String typeColumn, String source, String id, String onConflict, String counted) {
        return "with " + source + ", "
                + "ev as (insert into events (id, organization_id, camera_id, type, version, occurred_at, data) "
                + "select " + id + ", organization_id, camera_id, " + typeColumn + ", " + VERSION
                + ", occurred_at, data "
                + "from src" + onConflict + " returning id, organization_id, type, occurred_at), "
                + "q as (insert into webhook_deliveries (id, webhook_id, organization_id, event_id, event_occurred_at, "
                + "event_type, state, attempts, next_attempt_at, created_at) "
                + "select gen_random_uuid(), w.id, ev.organization_id, ev.id, ev.occurred_at, ev.type, 'pending', 0, "
                + "clock_timestamp(), clock_timestamp() from ev join webhooks w on w.organization_id = ev.organization_id "
                + "and w.deleted_at is null and w.disabled_at is null and ev.type = any(w.event_types)) "
                + "select count(*) from " + counted;
    }

    /** One page of events, newest first: at most {@code limit} rows. */
    public Uni<List<StoredEvent>> search(Search q, int limit) {
        return new NewestFirst(
                        "select id, organization_id, camera_id, type, version, occurred_at, cast(data as text) "
                                + "from events",
                        q.organizationId())
                .equal("camera_id", q.cameraId())
                .equal("type", q.type())
                .range(q.from(), q.to())
                .page(q.beforeAt(), q.beforeId(), limit)
                .map(rows -> rows.stream()
                        .map(r -> new StoredEvent(
                                (UUID) r[0],
                                (UUID) r[1],
                                (UUID) r[2],
                                (String) r[3],
                                ((Number) r[4]).intValue(),
                                instant(r[5]),
                                (String) r[6]))
                        .toList());
    }

    /**
     * Creates this month's partition and {@code monthsAhead} more, and drops the partitions of months that ended more
     * than {@code retain} ago (function {@code zonecam_event_maintenance} of migration V5). Returns partitions dropped.
     */
    public Uni<Integer> maintainPartitions(int monthsAhead, Duration retain) {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery(
                                "select zonecam_event_maintenance(:ahead, make_interval(secs => :secs))", Integer.class)
                        .setParameter("ahead", monthsAhead)
                        .setParameter("secs", (double) retain.toSeconds())
                        .getSingleResult());
    }

    /** A timestamp column as the reactive driver hands it over. */
    static Instant instant(Object value) {
        return value instanceof OffsetDateTime odt ? odt.toInstant() : (Instant) value;
    }
}
