package io.zonecam.control.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.DynamicUpdate;

/** Organization is a tenant: every camera, key and playback URL belongs to exactly one. */
@Entity
@DynamicUpdate
@Table(name = "organizations")
public class Organization extends PanacheEntityBase {
    @Id
    public UUID id;

    public String name;
    public String region;
    /** The zone that took the organization's first camera; later cameras prefer it (affinity). */
    public String homeZone;

    public Instant createdAt;
}
