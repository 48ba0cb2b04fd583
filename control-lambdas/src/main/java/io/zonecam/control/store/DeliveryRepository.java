package io.zonecam.control.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * DeliveryRepository is the webhook dispatcher's SQL, on the reactive client without Hibernate: the dispatcher runs
 * outside any request and finishes many deliveries concurrently, each on a connection of its own, where a Panache
 * session (one per Vert.x context, used by one operation at a time) would serialize them or be shared unsafely.
 *
 * <p>Claiming is fair between organizations: a pass takes at most {@code perOrganization} due deliveries of each,
 * oldest first, skipping organizations that already have that many in flight on this instance, and locks them for
 * one attempt's time ({@code locked_until}); a crashed instance's locks simply run out.
 */
@ApplicationScoped
public class DeliveryRepository {

    private static final String CLAIM = "with pick as (select id, next_attempt_at from (select id, next_attempt_at, "
            + "row_number() over (partition by organization_id order by next_attempt_at, id) as rn "
            + "from webhook_deliveries where state = 'pending' and next_attempt_at <= $1 "
            + "and (locked_until is null or locked_until < $1) and not (organization_id = any($4))) r "
            + "where rn <= $3 order by next_attempt_at limit $2), "
            + "claimed as (update webhook_deliveries d set locked_until = $5 from pick where d.id = pick.id "
            + "and d.state = 'pending' and (d.locked_until is null or d.locked_until < $1) returning d.*) "
            + "select c.id, c.webhook_id, c.organization_id, c.attempts, c.event_type, c.ping_body, c.event_id, "
            + "w.url, w.secret_encrypted, e.camera_id, e.version, e.occurred_at, cast(e.data as text) as data "
            + "from claimed c join webhooks w on w.id = c.webhook_id "
            + "left join events e on e.id = c.event_id and e.occurred_at = c.event_occurred_at";
    private static final String DELIVERED =
            "update webhook_deliveries set state = 'delivered', attempts = attempts + 1, "
                    + "last_attempt_at = $2, last_status = $3, last_error = null, delivered_at = $2, locked_until = null "
                    + "where id = $1";
    private static final String HEALTHY =
            "update webhooks set failed_attempts = 0, failing_since = null where id = $1 and failed_attempts > 0";
    private static final String FAILED = "update webhook_deliveries set attempts = attempts + 1, last_attempt_at = $2, "
            + "last_status = $3, last_error = $4, locked_until = null, "
            + "state = case when $5::timestamptz is null then 'failed' else 'pending' end, "
            + "next_attempt_at = coalesce($5, next_attempt_at) where id = $1";
    private static final String FAILING = "update webhooks set failed_attempts = failed_attempts + 1, "
            + "failing_since = coalesce(failing_since, $2) where id = $1 returning failed_attempts, failing_since";
    // A failing receiver gets no other delivery before the retry: its backlog waits instead of hammering it.
    private static final String POSTPONE = "update webhook_deliveries set next_attempt_at = $3 where webhook_id = $1 "
            + "and id <> $2 and state = 'pending' and next_attempt_at < $3 and (locked_until is null or locked_until < $4)";
    private static final String DISABLE =
            "update webhooks set disabled_at = $2, disabled_reason = $3 " + "where id = $1 and disabled_at is null";
    private static final String GIVE_UP = "update webhook_deliveries set state = 'failed', last_error = $2, "
            + "locked_until = null where webhook_id = $1 and state = 'pending'";

    private static final String RELEASE = "update webhook_deliveries set locked_until = null where id = $1";

    /** A claimed delivery with what sending it needs; the event's fields are null for pings and expired events. */
    public record Due(
            UUID id,
            UUID webhookId,
            UUID organizationId,
            int attempts,
            String eventType,
            String pingBody,
            UUID eventId,
            String url,
            byte[] secretEncrypted,
            UUID cameraId,
            Integer version,
            Instant occurredAt,
            String data) {}

    /** A webhook's run of failed attempts after one more. */
    public record Failing(int failedAttempts, Instant since) {}

    private final Pool pool;

    public DeliveryRepository(Pool pool) {
        this.pool = pool;
    }

    /** Claims due deliveries (see the class comment), locking them until {@code lockUntil}. */
    public Uni<List<Due>> claim(Instant now, int batch, int perOrganization, UUID[] busy, Instant lockUntil) {
        return pool.withConnection(c -> c.preparedQuery(CLAIM)
                        .execute(Tuple.from(List.of(utc(now), batch, perOrganization, busy, utc(lockUntil)))))
                .map(rows -> {
                    List<Due> due = new ArrayList<>();
                    for (Row r : rows) {
                        OffsetDateTime at = r.getOffsetDateTime("occurred_at");
                        due.add(new Due(
                                r.getUUID("id"),
                                r.getUUID("webhook_id"),
                                r.getUUID("organization_id"),
                                r.getInteger("attempts"),
                                r.getString("event_type"),
                                r.getString("ping_body"),
                                r.getUUID("event_id"),
                                r.getString("url"),
                                r.getBuffer("secret_encrypted").getBytes(),
                                r.getUUID("camera_id"),
                                r.getInteger("version"),
                                at == null ? null : at.toInstant(),
                                r.getString("data")));
                    }
                    return due;
                });
    }

    /** The receiver took the delivery: it is done, and its webhook's run of failures ends. */
    public Uni<Void> delivered(UUID id, UUID webhookId, Instant at, int status) {
        // The webhook's row before its deliveries' rows, in every transaction here (see failed).
        return pool.withTransaction(c -> c.preparedQuery(HEALTHY)
                        .execute(Tuple.of(webhookId))
                        .chain(() -> c.preparedQuery(DELIVERED).execute(Tuple.of(id, utc(at), status))))
                .replaceWithVoid();
    }

    /**
     * An attempt failed: the delivery is retried at {@code retryAt} (null: given up), the webhook's other pending
     * deliveries wait at least as long, and {@code disable} decides from the webhook's run of failures whether it is
     * disabled (returning the reason, or null), in which case its pending deliveries are given up.
     */
    public Uni<String> failed(
            UUID id,
            UUID webhookId,
            Instant at,
            Integer status,
            String error,
            Instant retryAt,
            java.util.function.Function<Failing, String> disable) {
        // The webhook's row first, then the deliveries: two failures of one webhook that each locked their own
        // delivery before the webhook deadlocked when the first went on to give up the other's (PostgreSQL's log
        // during the webhook tests).
        return pool.withTransaction(c -> c.preparedQuery(FAILING)
                .execute(Tuple.of(webhookId, utc(at)))
                .call(() -> c.preparedQuery(FAILED)
                        .execute(Tuple.from(java.util.Arrays.asList(id, utc(at), status, error, utc(retryAt)))))
                .chain(rows -> {
                    Row r = rows.iterator().next();
                    String reason = disable.apply(new Failing(
                            r.getInteger("failed_attempts"),
                            r.getOffsetDateTime("failing_since").toInstant()));
                    if (reason != null) {
                        return disable(c, webhookId, at, reason).replaceWith(reason);
                    }
                    return retryAt == null
                            ? Uni.createFrom().nullItem()
                            : c.preparedQuery(POSTPONE)
                                    .execute(Tuple.of(webhookId, id, utc(retryAt), utc(at)))
                                    .replaceWith((String) null);
                }));
    }

    /** Unlocks a claimed delivery that was not started, for the next pass. */
    public Uni<Void> release(UUID id) {
        return pool.withConnection(c -> c.preparedQuery(RELEASE).execute(Tuple.of(id)))
                .replaceWithVoid();
    }

    /** Gives up every pending delivery of a webhook (it was disabled or deleted), saying why. */
    public Uni<Void> giveUp(UUID webhookId, String why) {
        return pool.withTransaction(c -> c.preparedQuery(GIVE_UP).execute(Tuple.of(webhookId, why)))
                .replaceWithVoid();
    }

    private static Uni<Void> disable(SqlConnection c, UUID webhookId, Instant at, String reason) {
        return c.preparedQuery(DISABLE)
                .execute(Tuple.of(webhookId, utc(at), reason))
                .chain(() -> c.preparedQuery(GIVE_UP).execute(Tuple.of(webhookId, "webhook disabled: " + reason)))
                .replaceWithVoid();
    }

    private static OffsetDateTime utc(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }
}
