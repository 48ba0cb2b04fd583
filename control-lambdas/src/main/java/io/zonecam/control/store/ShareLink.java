package io.zonecam.control.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * ShareLink is a recorded-playback link of one camera handed out by an owner. Its token is not stored, only the
 * token's id ({@code jti}): revoking the link names that id to the stream nodes, which then refuse the token.
 */
@Entity
@Table(name = "share_links")
public class ShareLink extends PanacheEntityBase {
    @Id
    public UUID id;

    public UUID organizationId;
    public UUID cameraId;
    /** The {@code jti} of the link's token. */
    public UUID tokenId;

    public Instant rangeFrom;
    public Instant rangeTo;
    public Instant expiresAt;
    /** Who created it: the credential's principal ({@code api-key:<id>} or the user's subject), never a secret. */
    public String createdBy;

    public Instant createdAt;
    public Instant revokedAt;
}
