package io.zonecam.control.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.DynamicUpdate;

/** Zone is a cell: a fleet of stream nodes for at most {@code capacity} cameras, isolated from other zones. */
@Entity
@DynamicUpdate
@Table(name = "zones")
public class Zone extends PanacheEntityBase {
    public static final String OPEN = "open";
    public static final String CLOSED = "closed";
    public static final String DRAINING = "draining";

    @Id
    public String id;

    public String region;
    public int capacity;
    public String state;
    public byte[] nodeKeyHash;
    public Instant createdAt;
}
