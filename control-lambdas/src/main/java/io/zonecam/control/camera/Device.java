package io.zonecam.control.camera;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
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

    @Column(name = "claim_code_hash", nullable = false)
    public byte[] claimCodeHash;

    public String model;

    @Column(name = "provisioned_at", nullable = false)
    public Instant provisionedAt;
}
