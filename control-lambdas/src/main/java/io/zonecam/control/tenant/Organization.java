package io.zonecam.control.tenant;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Organization is a tenant: every camera, key and playback URL belongs to exactly one. */
@Entity
@org.hibernate.annotations.DynamicUpdate
@Table(name = "organizations")
public class Organization extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(nullable = false)
    public String name;

    public String region;
    /** The zone that took the organization's first camera; later cameras prefer it (affinity). */
    @Column(name = "home_zone")
    public String homeZone;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
