package io.zonecam.control.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * Webhook is an organization's subscription: a URL that receives its events of the listed types, signed with a
 * secret stored encrypted ({@code security.WebhookSecrets}). Deleted ones keep their row (their delivery log) with
 * {@code deletedAt}; disabled ones (too many failures) say why.
 */
@Entity
@Table(name = "webhooks")
public class Webhook extends PanacheEntityBase {
    @Id
    public UUID id;

    public UUID organizationId;
    public String url;
    public String description;

    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] eventTypes;

    public byte[] secretEncrypted;
    public Instant createdAt;
    public Instant deletedAt;
    public Instant failingSince;
    public int failedAttempts;
    public Instant disabledAt;
    public String disabledReason;
}
