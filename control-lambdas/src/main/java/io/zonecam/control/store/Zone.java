package io.zonecam.control.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
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
    /** The last time the control plane handled a node call of this zone (see {@code fleet.LeaseJudge}). */
    public Instant watchedAt;
    /** When the control plane's current unbroken view of this zone began. */
    public Instant watchedSince;

    /**
     * Records that the control plane handles a node call of this zone at {@code now}, and returns when its unbroken
     * watch of the zone began: {@code now} itself when the previous call it handled lies more than
     * {@code blindAfter} back (or there was none). {@code watchedAt} moves at most once a second. Heartbeats apply
     * the same rule in SQL, in a transaction of their own ({@code FleetRepository.watch}).
     */
    public Instant watch(Instant now, Duration blindAfter) {
        if (watchedSince == null || watchedAt == null || watchedAt.isBefore(now.minus(blindAfter))) {
            watchedSince = now;
            watchedAt = now;
        } else if (watchedAt.isBefore(now.minusSeconds(1))) {
            watchedAt = now;
        }
        return watchedSince;
    }
}
