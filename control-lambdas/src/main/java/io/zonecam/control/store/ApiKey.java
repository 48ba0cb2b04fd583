package io.zonecam.control.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** ApiKey is a partner credential of one organization; only its HMAC is stored. */
@Entity
@Table(name = "api_keys")
public class ApiKey extends PanacheEntityBase {
    @Id
    public UUID id;

    public UUID organizationId;
    public String name;
    public String role;
    /** The public lookup part of the key ({@code zk_<prefix>_<secret>}). */
    public String prefix;

    public byte[] secretHash;
    public Instant createdAt;
    public Instant revokedAt;
}
