package io.zonecam.control.zone;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Zone is a cell: a fleet of stream nodes for at most {@code capacity} cameras, isolated from other zones. */
@Entity
@org.hibernate.annotations.DynamicUpdate
@Table(name = "zones")
public class Zone extends PanacheEntityBase {
    public static final String OPEN = "open";
    public static final String CLOSED = "closed";
    public static final String DRAINING = "draining";

    @Id
    public String id;

    @Column(nullable = false)
    public String region;

    @Column(nullable = false)
    public int capacity;

    @Column(nullable = false)
    public String state;

    @Column(name = "node_key_hash", nullable = false)
    public byte[] nodeKeyHash;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
