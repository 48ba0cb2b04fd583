package io.zonecam.control.audit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import io.zonecam.control.security.Caller;
import io.zonecam.control.store.AuditRepository;
import io.zonecam.control.store.AuditRepository.StoredEntry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
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
            if (a == null) {
                return Uni.createFrom().voidItem();
            }
            long start = System.nanoTime();
            StoredEntry stored = new StoredEntry(
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
            return entries.append(organizationId, stored)
                    .invoke(() -> appends.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS));
        }));
    }

    private String clientAddress() {
        RoutingContext current = request.getCurrent();
        if (current == null || current.request().remoteAddress() == null) {
            return null;
        }
        return current.request().remoteAddress().hostAddress();
    }
}
