package io.zonecam.control.webhook;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.zonecam.control.config.ZonecamConfig;
import io.zonecam.control.event.EventModels.Event;
import io.zonecam.control.event.EventService;
import io.zonecam.control.security.WebhookSecrets;
import io.zonecam.control.store.DeliveryRepository;
import io.zonecam.control.store.DeliveryRepository.Due;
import io.zonecam.control.store.DeliveryRepository.Failing;
import io.zonecam.control.store.EventRepository.StoredEvent;
import io.zonecam.control.store.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * WebhookDispatcher delivers the outbox: every {@code zonecam.webhooks.dispatch-every} it claims due deliveries
 * ({@link DeliveryRepository}: at most {@code per-organization} of each organization, none of an organization that
 * has that many in flight here) and starts them without waiting for them, so a slow or failing receiver holds only
 * its own organization's slots while others' deliveries go out on the next pass.
 *
 * <p>A failed attempt is retried after an exponential backoff with jitter (base, doubling, capped; the wait is
 * drawn between half and all of it, so retries of many deliveries spread out) until {@code max-attempts}; the
 * webhook's other pending deliveries wait as long. A webhook whose attempts all failed for {@code disable-after},
 * or {@code disable-after-failures} times in a row, is disabled with the reason, and its pending deliveries given up.
 * Delivery is at least once: an instance that dies mid-attempt leaves a lock that runs out, and the attempt is made
 * again; receivers deduplicate by {@code Zonecam-Event-Id}.
 */
@ApplicationScoped
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);

    @Inject
    DeliveryRepository deliveries;

    @Inject
    WebhookSender sender;

    @Inject
    WebhookSecrets secrets;

    @Inject
    WebhookService webhooks;

    @Inject
    EventService events;

    @Inject
    ZonecamConfig config;

    private final Map<UUID, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    @Scheduled(
            identity = "webhook-dispatch",
            every = "${zonecam.webhooks.dispatch-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        kick();
    }

    /**
     * Runs a pass now unless one is running, in which case that one runs again when it ends: a finished attempt frees
     * a slot of its organization, which is refilled at once instead of at the next tick (so an organization's
     * throughput is bounded by its receiver's speed, not by {@code per-organization} per tick).
     */
    void kick() {
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        again.set(false);
        // A pass that hangs (a database that stopped answering) must not stop every later one.
        dispatch()
                .ifNoItem()
                .after(Duration.ofSeconds(30))
                .fail()
                .onTermination()
                .invoke(() -> {
                    running.set(false);
                    if (again.get()) {
                        kick();
                    }
                })
                .subscribe()
                .with(n -> {}, e -> LOG.warnf("webhook dispatch pass failed, retried next pass: %s", e.toString()));
    }

    /** One pass: claims due deliveries and starts them; returns how many started. */
    public Uni<Integer> dispatch() {
        Instant now = Timestamps.now();
        UUID[] busy = inFlight.entrySet().stream()
                .filter(e -> e.getValue().get() >= config.webhooks().perOrganization())
                .map(Map.Entry::getKey)
                .toArray(UUID[]::new);
        // An attempt takes at most the timeout plus the address check; the lock outlives it.
        Instant lockUntil =
                now.plus(config.webhooks().attemptTimeout().multipliedBy(2)).plusSeconds(5);
        return deliveries
                .claim(now, config.webhooks().batch(), config.webhooks().perOrganization(), busy, lockUntil)
                .invoke(due -> due.forEach(this::start))
                .map(java.util.List::size);
    }

    private void start(Due d) {
        AtomicInteger count = inFlight.computeIfAbsent(d.organizationId(), k -> new AtomicInteger());
        if (count.incrementAndGet() > config.webhooks().perOrganization()) {
            // Claimed by a pass that began before the organization's slots filled: left for a later pass.
            count.decrementAndGet();
            deliveries.release(d.id()).subscribe().with(v -> {}, e -> {});
            return;
        }
        attempt(d)
                .eventually(() -> {
                    if (count.decrementAndGet() <= 0) {
                        inFlight.remove(d.organizationId(), count);
                    }
                    kick();
                })
                .subscribe()
                .with(v -> {}, e -> LOG.warnf("delivery %s could not be recorded: %s", d.id(), e.toString()));
    }

    private Uni<Void> attempt(Due d) {
        Instant started = Timestamps.now();
        byte[] body;
        String eventId;
        if (d.pingBody() != null) {
            body = d.pingBody().getBytes(StandardCharsets.UTF_8);
            eventId = d.id().toString();
        } else if (d.occurredAt() == null) {
            return deliveries
                    .failed(d.id(), d.webhookId(), started, null, "the event is past its retention", null, f -> null)
                    .replaceWithVoid();
        } else {
            Event event = events.toEvent(new StoredEvent(
                    d.eventId(),
                    d.organizationId(),
                    d.cameraId(),
                    d.eventType(),
                    d.version(),
                    d.occurredAt(),
                    d.data()));
            body = webhooks.bodyBytes(event);
            eventId = d.eventId().toString();
        }
        String secret = secrets.open(d.webhookId(), d.secretEncrypted());
        Map<String, String> headers = Map.of(
                "Content-Type",
                "application/json",
                "User-Agent",
                "Zonecam-Webhooks/1",
                Signature.EVENT_ID_HEADER,
                eventId,
                Signature.HEADER,
                Signature.header(secret, started.getEpochSecond(), body));
        return sender.send(d.url(), headers, body).chain(outcome -> {
            Instant at = Timestamps.now();
            if (outcome.delivered()) {
                return deliveries.delivered(d.id(), d.webhookId(), at, outcome.status());
            }
            int attempts = d.attempts() + 1;
            Instant retryAt = attempts >= config.webhooks().maxAttempts() ? null : at.plus(backoff(attempts));
            return deliveries
                    .failed(
                            d.id(),
                            d.webhookId(),
                            at,
                            outcome.status(),
                            outcome.error(),
                            retryAt,
                            f -> disableReason(f, at))
                    .invoke(reason -> {
                        if (reason != null) {
                            LOG.warnf("webhook %s disabled: %s", d.webhookId(), reason);
                        }
                    })
                    .replaceWithVoid();
        });
    }

    /** The wait before attempt {@code attempts + 1}: base doubled per attempt, capped, drawn in [half, all]. */
    Duration backoff(int attempts) {
        long base = config.webhooks().backoffBase().toMillis();
        long cap = config.webhooks().backoffMax().toMillis();
        long full = attempts >= 40 ? cap : Math.min(cap, base << Math.min(attempts - 1, 40));
        return Duration.ofMillis(full / 2 + ThreadLocalRandom.current().nextLong(full / 2 + 1));
    }

    private String disableReason(Failing f, Instant now) {
        if (f.failedAttempts() >= config.webhooks().disableAfterFailures()) {
            return f.failedAttempts() + " delivery attempts in a row failed";
        }
        if (!f.since().plus(config.webhooks().disableAfter()).isAfter(now)) {
            return "every delivery attempt failed for " + config.webhooks().disableAfter() + " (since " + f.since()
                    + ")";
        }
        return null;
    }
}
