package io.zonecam.control.security;

import io.quarkus.runtime.LaunchMode;
import io.zonecam.contracts.token.Ed25519Keys;
import io.zonecam.contracts.token.KeySet;
import io.zonecam.contracts.token.TokenClaims;
import io.zonecam.contracts.token.TokenKind;
import io.zonecam.contracts.token.TokenSigner;
import io.zonecam.control.config.ZonecamConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * TokenKeys holds the control plane's token-signing key and the published key set (current key first, then
 * retired keys kept for rotation).
 */
@ApplicationScoped
public class TokenKeys {

    private static final Logger LOG = Logger.getLogger(TokenKeys.class);

    private final TokenSigner signer;
    private final KeySet keySet;
    private final String jwks;
    private final String issuer;

    /** A signed token, its expiry and its id ({@code jti}, a UUID), by which it can be revoked. */
    public record Issued(String token, Instant expiresAt, UUID tokenId) {}

    public TokenKeys(ZonecamConfig config) {
        PrivateKey key = config.tokens()
                .signingKey()
                .map(Ed25519Keys::privateKeyFromPkcs8)
                .orElseGet(TokenKeys::throwAwayKey);
        PublicKey publicKey = Ed25519Keys.publicKeyOf(key);
        String kid = Ed25519Keys.keyId(publicKey);
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        keys.put(kid, publicKey);
        config.tokens()
                .previousPublicKeys()
                .ifPresent(list -> list.forEach(raw -> {
                    PublicKey previous =
                            Ed25519Keys.publicKeyFromRaw(Base64.getUrlDecoder().decode(raw.trim()));
                    keys.putIfAbsent(Ed25519Keys.keyId(previous), previous);
                }));
        this.signer = new TokenSigner(key, kid);
        this.keySet = new KeySet(keys);
        this.jwks = keySet.toJwks();
        this.issuer = config.tokens().issuer();
        LOG.infof("token signing key id %s; %d key(s) published", kid, keys.size());
    }

    private static PrivateKey throwAwayKey() {
        if (LaunchMode.current() == LaunchMode.NORMAL) {
            throw new IllegalStateException("zonecam.tokens.signing-key must be set in production");
        }
        LOG.warn("zonecam.tokens.signing-key is not set: signing with a throw-away key");
        return Ed25519Keys.generate().getPrivate();
    }

    /**
     * Signs a token for one camera of an organization, issued {@code now} (second precision) and valid for
     * {@code ttl}. {@code zone} is for device tokens, {@code from}/{@code to} for recorded ones; null otherwise.
     */
    public Issued issue(
            TokenKind kind,
            UUID cameraId,
            UUID organizationId,
            String zone,
            Instant from,
            Instant to,
            Instant now,
            Duration ttl) {
        UUID tokenId = UUID.randomUUID();
        TokenClaims claims = new TokenClaims(
                issuer,
                cameraId.toString(),
                organizationId.toString(),
                kind,
                zone,
                from,
                to,
                now,
                now.plus(ttl),
                tokenId.toString());
        return new Issued(signer.sign(claims), claims.expiresAt(), tokenId);
    }

    /** The signer of new tokens. */
    public TokenSigner signer() {
        return signer;
    }

    /** The published verification keys. */
    public KeySet keySet() {
        return keySet;
    }

    /** The key set as JWKS JSON, computed once. */
    public String jwks() {
        return jwks;
    }
}
