package io.zonecam.control.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.DynamicUpdate;

/** IssuedCertificate records a certificate the platform CA issued to a camera or a node, and its revocation. */
@Entity
@DynamicUpdate
@Table(name = "certificates")
public class IssuedCertificate extends PanacheEntityBase {
    public static final String CAMERA = "camera";
    public static final String NODE = "node";

    /** Serial number, lowercase hex. */
    @Id
    public String serial;

    /** SHA-256 of the DER certificate, lowercase hex (the AWS IoT certificate id). */
    public String fingerprint;

    public String kind;
    public UUID cameraId;
    public UUID nodeId;
    public UUID organizationId;
    public String zoneId;
    /** The subject as RFC 4514 text. */
    public String subject;

    public Instant notBefore;
    public Instant notAfter;
    public Instant issuedAt;
    public Instant revokedAt;
}
