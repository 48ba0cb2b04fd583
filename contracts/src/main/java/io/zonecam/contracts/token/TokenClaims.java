package io.zonecam.contracts.token;

import java.time.Instant;
import java.util.Objects;

/**
 * TokenClaims is what a Zonecam token asserts: who issued it, for which camera, organization and purpose, and until
 * when.
 *
 * <p>Wire names follow JWT (RFC 7519 §4.1) where one exists: {@code iss}, {@code sub} (camera id), {@code iat},
 * {@code exp}, {@code jti}; Zonecam's own are short: {@code org}, {@code knd} (kind), {@code zon} (zone, device tokens),
 * {@code rfr}/{@code rto} (recorded range, epoch seconds).
 *
 * @param issuer         who signed it
 * @param cameraId       the one camera the token opens
 * @param organizationId the camera's organization
 * @param kind           what it allows
 * @param zone           for device tokens: the zone whose nodes may accept it; otherwise {@code null}
 * @param rangeFrom      for recorded tokens: start of the playable range; otherwise {@code null}
 * @param rangeTo        for recorded tokens: end of the playable range; otherwise {@code null}
 * @param issuedAt       issue time (second precision)
 * @param expiresAt      expiry (second precision)
 * @param tokenId        unique id, for audit logs
 */
public record TokenClaims(
        String issuer,
        String cameraId,
        String organizationId,
        TokenKind kind,
        String zone,
        Instant rangeFrom,
        Instant rangeTo,
        Instant issuedAt,
        Instant expiresAt,
        String tokenId) {

    public TokenClaims {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(cameraId, "cameraId");
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(tokenId, "tokenId");
        if (kind == TokenKind.RECORDED && (rangeFrom == null || rangeTo == null || rangeTo.isBefore(rangeFrom))) {
            throw new IllegalArgumentException("recorded tokens need a range with from <= to");
        }
        if (kind == TokenKind.DEVICE && zone == null) {
            throw new IllegalArgumentException("device tokens name the zone that may accept them");
        }
        if (!expiresAt.isAfter(issuedAt)) {
            throw new IllegalArgumentException("expiry must come after issue time");
        }
    }

    /** True when {@code [from, to]} lies inside the token's recorded range. */
    public boolean covers(Instant from, Instant to) {
        return rangeFrom != null && !from.isBefore(rangeFrom) && !to.isAfter(rangeTo);
    }
}
