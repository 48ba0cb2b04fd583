package io.zonecam.contracts.token;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/**
 * TokenVerifier checks Zonecam tokens offline: signature by a known key id, issuer, time window, kind and camera.
 *
 * <p>Stream nodes verify every device and playback token with it and never call the control plane (DESIGN.md,
 * principle 1). Keys are looked up by the header's {@code kid} so a rotated key keeps verifying until it is
 * withdrawn. Thread-safe.
 */
public final class TokenVerifier {

    /** Compact tokens longer than this are refused before any parsing. */
    public static final int MAX_TOKEN_LENGTH = 4096;

    private final Function<String, PublicKey> keys;
    private final String issuer;
    private final Clock clock;
    private final Duration leeway;

    /**
     * @param keys   resolves a key id to its public key, or {@code null} when unknown (e.g. {@link KeySet#find})
     * @param issuer the only accepted {@code iss}
     * @param clock  time source
     * @param leeway clock skew tolerated on {@code iat} and {@code exp}
     */
    public TokenVerifier(Function<String, PublicKey> keys, String issuer, Clock clock, Duration leeway) {
        this.keys = keys;
        this.issuer = issuer;
        this.clock = clock;
        this.leeway = leeway;
    }

    /** Verifies signature, issuer and validity window; returns the claims or throws {@link TokenException}. */
    public TokenClaims verify(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            throw new TokenException(TokenException.Reason.MALFORMED, "token missing or too long");
        }
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (first <= 0 || second <= first + 1 || second == token.length() - 1 || token.indexOf('.', second + 1) >= 0) {
            throw new TokenException(TokenException.Reason.MALFORMED, "token is not a compact JWS");
        }
        JsonNode header = TokenCodec.decodeJson(token.substring(0, first));
        if (!"EdDSA".equals(header.path("alg").asText())) {
            // Pinning the algorithm defeats "alg: none" and algorithm-confusion attacks (RFC 8725 §3.1).
            throw new TokenException(TokenException.Reason.MALFORMED, "token algorithm must be EdDSA");
        }
        String kid = header.path("kid").asText("");
        PublicKey key = kid.isEmpty() ? null : keys.apply(kid);
        if (key == null) {
            throw new TokenException(TokenException.Reason.UNKNOWN_KEY, "token signed by unknown key id '" + kid + "'");
        }
        byte[] signature;
        try {
            signature = TokenCodec.B64D.decode(token.substring(second + 1));
        } catch (IllegalArgumentException e) {
            throw new TokenException(TokenException.Reason.MALFORMED, "token signature is not base64url");
        }
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(TokenCodec.ascii(token.substring(0, second)));
            if (!s.verify(signature)) {
                throw new TokenException(TokenException.Reason.BAD_SIGNATURE, "token signature does not verify");
            }
        } catch (java.security.SignatureException e) {
            throw new TokenException(TokenException.Reason.BAD_SIGNATURE, "token signature does not verify");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 verification unavailable", e);
        }
        TokenClaims claims = TokenCodec.claims(TokenCodec.decodeJson(token.substring(first + 1, second)));
        if (!issuer.equals(claims.issuer())) {
            throw new TokenException(TokenException.Reason.WRONG_ISSUER, "token issued by '" + claims.issuer() + "'");
        }
        Instant now = clock.instant();
        if (now.isAfter(claims.expiresAt().plus(leeway))) {
            throw new TokenException(TokenException.Reason.EXPIRED, "token expired at " + claims.expiresAt());
        }
        if (now.plus(leeway).isBefore(claims.issuedAt())) {
            throw new TokenException(TokenException.Reason.NOT_YET_VALID, "token issued in the future");
        }
        return claims;
    }

    /** Verifies and also requires the kind and camera; use this on every stream or playback request. */
    public TokenClaims verify(String token, TokenKind kind, String cameraId) {
        TokenClaims claims = verify(token);
        if (claims.kind() != kind) {
            throw new TokenException(
                    TokenException.Reason.WRONG_KIND,
                    "a " + claims.kind().wireName() + " token cannot be used for " + kind.wireName());
        }
        if (!claims.cameraId().equals(cameraId)) {
            throw new TokenException(TokenException.Reason.WRONG_CAMERA, "token is for another camera");
        }
        return claims;
    }
}
