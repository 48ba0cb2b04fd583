package io.zonecam.control.audit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.zonecam.control.security.Caller;
import io.zonecam.control.store.AuditRepository;
import io.zonecam.control.store.AuditRepository.StoredEntry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * AuditTrail is the audit writer of the API: a resource hands it the call's action and what to record of its result,
 * and the entry is appended in the same transaction as the action (a service's {@code @WithTransaction} joins the one
 * opened here), so an action that fails leaves no entry and an entry that cannot be written fails the action. The
 * actor is the caller's credential ({@code api-key:<id>} or the user's token subject); the client address is the
 * peer of the request: API Gateway's {@code sourceIp} on Lambda, the TCP peer locally, never a client-set header
 * such as {@code X-Forwarded-For} (the control plane trusts no proxy header anywhere). Each append is timed in
 * {@code zonecam_audit_append_seconds}.
 */
@ApplicationScoped
public class AuditTrail {

    private final AuditRepository entries;
    private final Caller caller;
    private final CurrentVertxRequest request;
    private final Timer appends;

    public AuditTrail(AuditRepository entries, Caller caller, CurrentVertxRequest request, MeterRegistry registry) {
        this.entries = entries;
        this.caller = caller;
        this.request = request;
        this.appends = Timer.builder("zonecam.audit.append")
                .description("Appending one audit entry to the log, in the audited action's transaction")
                .register(registry);
    }

    /**
     * Runs {@code action} and records what {@code entry} makes of its result, in one transaction. {@code entry} may
     * answer null when the call changed nothing (an idempotent replay): nothing is recorded then.
     */
    public <T> Uni<T> record(Supplier<Uni<T>> action, Function<T, Audited> entry) {
        UUID organizationId = caller.organizationId();
        String actor = caller.describe();
        String address = clientAddress();
        return Panache.withTransaction(() -> action.get().call(result -> {
            Audited a = entry.apply(result);
            return a == null
                    ? Uni.createFrom().voidItem()
                    : timed(entries.append(organizationId, stored(a, actor, address)));
        }));
    }

    /** Appends the entry of an action on the connection of the SQL transaction the action runs itself. */
    @FunctionalInterface
    public interface Appender<T> {
        Uni<Void> append(SqlClient conn, T result);
    }

    /**
     * The entry writer of an action that runs its own transaction on the reactive client rather than a Panache
     * session (claims, {@code store.ClaimRepository}): the action calls it on its connection before it commits, so the
     * action and its entry commit together, as with {@link #record}, while the request holds one pooled connection,
     * not a session's as well. {@code entry} may answer null (nothing recorded), as with {@link #record}.
     */
    public <T> Appender<T> on(Function<T, Audited> entry) {
        UUID organizationId = caller.organizationId();
        String actor = caller.describe();
        String address = clientAddress();
        return (conn, result) -> {
            Audited a = entry.apply(result);
            return a == null
                    ? Uni.createFrom().voidItem()
                    : timed(entries.append(conn, organizationId, stored(a, actor, address)));
        };
    }

    private static StoredEntry stored(Audited a, String actor, String address) {
        return new StoredEntry(
                UUID.randomUUID(),
                null,
                a.action(),
                actor,
                a.cameraId(),
                a.targetId(),
                a.tokenId(),
                a.from(),
                a.to(),
                address,
                null,
                null,
                null,
                a.details() == null ? null : a.details().toString());
    }

    private Uni<Void> timed(Uni<Void> append) {
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            return append.invoke(() -> appends.record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
        });
    }

    private String clientAddress() {
        RoutingContext current = request.getCurrent();
        if (current == null || current.request().remoteAddress() == null) {
            return null;
        }
        return current.request().remoteAddress().hostAddress();
    }
}
