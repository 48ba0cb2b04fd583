package io.zonecam.control.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Device is a manufactured camera that may be claimed: its serial and the HMAC of its printed claim code. */
@Entity
@Table(name = "devices")
public class Device extends PanacheEntityBase {
    @Id
    public String serial;

    public byte[] claimCodeHash;
    public String model;
    public Instant provisionedAt;
}
