package io.zonecam.control.camera;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Camera is a claimed device in an organization, with its assignment and the HMAC of its device secret. */
@Entity
@org.hibernate.annotations.DynamicUpdate
@Table(name = "cameras")
public class Camera extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(name = "organization_id", nullable = false)
    public UUID organizationId;

    @Column(nullable = false)
    public String serial;

    @Column(nullable = false)
    public String name;

    public String model;

    @Column(name = "retention_days", nullable = false)
    public int retentionDays;

    @Column(nullable = false)
    public String status;

    @Column(name = "zone_id")
    public String zoneId;

    @Column(name = "node_id")
    public UUID nodeId;

    @Column(name = "online_node_id")
    public UUID onlineNodeId;

    @Column(name = "assigned_at")
    public Instant assignedAt;

    @Column(name = "secret_hash")
    public byte[] secretHash;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "deleted_at")
    public Instant deletedAt;
}
