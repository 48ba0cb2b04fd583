package io.zonecam.control.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * WebhookDelivery is one event (or ping) to deliver to one webhook: the outbox row the dispatcher works from
 * ({@link DeliveryRepository}) and, afterwards, the delivery log entry.
 */
@Entity
@Table(name = "webhook_deliveries")
public class WebhookDelivery extends PanacheEntityBase {
    public static final String PENDING = "pending";
    public static final String DELIVERED = "delivered";
    public static final String FAILED = "failed";

    @Id
    public UUID id;

    public UUID webhookId;
    public UUID organizationId;
    public UUID eventId;
    public Instant eventOccurredAt;
    public String eventType;
    /** The body of a ping (events are read from their row when sent). */
    public String pingBody;

    public String state;
    public int attempts;
    public Instant nextAttemptAt;
    public Instant lockedUntil;
    public Instant lastAttemptAt;
    public Integer lastStatus;
    public String lastError;
    public Instant deliveredAt;
    public Instant createdAt;
}
