package io.zonecam.control.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.zonecam.control.config.ZonecamConfig;
import io.zonecam.control.event.EventModels.Event;
import io.zonecam.control.problem.PageCursor;
import io.zonecam.control.problem.ProblemException;
import io.zonecam.control.security.WebhookSecrets;
import io.zonecam.control.store.DeliveryRepository;
import io.zonecam.control.store.EventRepository;
import io.zonecam.control.store.Timestamps;
import io.zonecam.control.store.Webhook;
import io.zonecam.control.store.WebhookDelivery;
import io.zonecam.control.webhook.WebhookModels.Delivery;
import io.zonecam.control.webhook.WebhookModels.DeliveryPage;
import io.zonecam.control.webhook.WebhookModels.PingQueued;
import io.zonecam.control.webhook.WebhookModels.WebhookCreate;
import io.zonecam.control.webhook.WebhookModels.WebhookList;
import io.zonecam.control.webhook.WebhookModels.WebhookView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * WebhookService manages an organization's webhooks: create (the secret is generated here and shown once), list,
 * delete, ping, and the delivery log. Deliveries themselves are the {@link WebhookDispatcher}'s.
 */
@ApplicationScoped
public class WebhookService {

    private static final Logger LOG = Logger.getLogger(WebhookService.class);
    /** Webhooks an organization may have at once. */
    static final int MAX_PER_ORGANIZATION = 20;

    static final String PING = "webhook.ping";

    @Inject
    WebhookSecrets secrets;

    @Inject
    DeliveryRepository deliveries;

    @Inject
    ObjectMapper json;

    @Inject
    ZonecamConfig config;

    /** Checks the URL (off the event loop: it resolves the host), then creates the webhook. */
    public Uni<WebhookView> create(UUID organizationId, WebhookCreate body) {
        Context context = Vertx.currentContext();
        return Uni.createFrom()
                .item(() -> new TargetGuard(config.webhooks().allowLoopback())
                        .check("url", body.url().strip()))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .emitOn(runnable -> context.runOnContext(v -> runnable.run()))
                .chain(target -> Panache.withTransaction(() -> insert(organizationId, body)));
    }

    private Uni<WebhookView> insert(UUID organizationId, WebhookCreate body) {
        return Webhook.count("organizationId = ?1 and deletedAt is null", organizationId)
                .chain(n -> {
                    if (n >= MAX_PER_ORGANIZATION) {
                        throw ProblemException.conflict(
                                "too-many-webhooks",
                                "An organization has at most " + MAX_PER_ORGANIZATION + " webhooks; delete one first.");
                    }
                    Webhook w = new Webhook();
                    w.id = UUID.randomUUID();
                    w.organizationId = organizationId;
                    w.url = body.url().strip();
                    w.description = body.description();
                    w.eventTypes = body.eventTypes().stream().distinct().toArray(String[]::new);
                    String secret = WebhookSecrets.newSecret();
                    w.secretEncrypted = secrets.seal(w.id, secret);
                    w.createdAt = Timestamps.now();
                    LOG.infof(
                            "webhook %s of organization %s created for %s",
                            w.id, organizationId, String.join(",", w.eventTypes));
                    return w.persist().map(x -> WebhookView.of(w, secret));
                });
    }

    @WithSession
    public Uni<WebhookList> list(UUID organizationId) {
        return Webhook.<Webhook>list(
                        "organizationId = ?1 and deletedAt is null order by createdAt desc, id desc", organizationId)
                .map(ws -> new WebhookList(
                        ws.stream().map(w -> WebhookView.of(w, null)).toList()));
    }

    /** Deletes a webhook: no delivery starts any more (its log stays until the organization's events age out). */
    @WithTransaction
    public Uni<Void> delete(UUID organizationId, UUID webhookId) {
        return find(organizationId, webhookId)
                .invoke(w -> w.deletedAt = Timestamps.now())
                .call(w -> WebhookDelivery.update(
                        "state = ?1, lastError = ?2, lockedUntil = null where webhookId = ?3 and state = ?4",
                        WebhookDelivery.FAILED,
                        "webhook deleted",
                        webhookId,
                        WebhookDelivery.PENDING))
                .invoke(w -> LOG.infof("webhook %s of organization %s deleted", webhookId, organizationId))
                .replaceWithVoid();
    }

    /** Queues a {@code webhook.ping} delivery to the webhook (also a disabled one: a ping tests a fix). */
    @WithTransaction
    public Uni<PingQueued> ping(UUID organizationId, UUID webhookId) {
        return find(organizationId, webhookId).chain(w -> {
            Instant now = Timestamps.now();
            WebhookDelivery d = new WebhookDelivery();
            d.id = UUID.randomUUID();
            d.webhookId = w.id;
            d.organizationId = organizationId;
            d.eventType = PING;
            d.state = WebhookDelivery.PENDING;
            d.nextAttemptAt = now;
            d.createdAt = now;
            d.pingBody = body(new Event(
                    d.id,
                    PING,
                    EventRepository.VERSION,
                    now,
                    organizationId,
                    null,
                    json.createObjectNode().put("webhookId", w.id.toString())));
            return d.persist().map(x -> new PingQueued(d.id));
        });
    }

    /** One page of the webhook's delivery log, newest first. */
    @WithSession
    public Uni<DeliveryPage> deliveries(UUID organizationId, UUID webhookId, int limit, String cursor) {
        PageCursor after = PageCursor.decode(cursor);
        return find(organizationId, webhookId)
                .chain(w -> {
                    StringBuilder where = new StringBuilder("webhookId = :w");
                    Map<String, Object> params = new HashMap<>();
                    params.put("w", webhookId);
                    PageCursor.newestFirst(after, where, params);
                    return WebhookDelivery.<WebhookDelivery>find(where.toString(), params)
                            .page(0, limit + 1)
                            .<WebhookDelivery>list();
                })
                .map(rows -> {
                    var page = PageCursor.page(rows, limit, Delivery::of, d -> new PageCursor(d.createdAt, d.id));
                    return new DeliveryPage(page.items(), page.nextCursor());
                });
    }

    /** The body of a delivery: the event's JSON, exactly the bytes that are signed. */
    byte[] bodyBytes(Event e) {
        return body(e).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private String body(Event e) {
        try {
            return json.writeValueAsString(e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static Uni<Webhook> find(UUID organizationId, UUID webhookId) {
        return Webhook.<Webhook>find("id = ?1 and organizationId = ?2 and deletedAt is null", webhookId, organizationId)
                .firstResult()
                .onItem()
                .ifNull()
                .failWith(() -> ProblemException.notFound("No webhook " + webhookId + "."));
    }
}
