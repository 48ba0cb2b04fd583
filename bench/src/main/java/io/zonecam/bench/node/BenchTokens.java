package io.zonecam.bench.node;

import io.zonecam.contracts.token.Ed25519Keys;
import io.zonecam.contracts.token.KeySet;
import io.zonecam.contracts.token.TokenClaims;
import io.zonecam.contracts.token.TokenKind;
import io.zonecam.contracts.token.TokenSigner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * BenchTokens plays the control plane for a standalone node: a fresh Ed25519 key whose public half is written as
 * the node's key set file ({@code ZONECAM_TOKENS_JWKS_FILE}), and device, live and recorded tokens signed with it
 * in the production format, so the node verifies every camera and viewer exactly as in production.
 */
final class BenchTokens {

    static final String ISSUER = "zonecam";
    static final String ORGANIZATION = "00000000-0000-0000-0000-0000000b3c00";

    private final TokenSigner signer;
    private final String zone;

    BenchTokens(Path jwksFile, String zone) throws IOException {
        KeyPair pair = Ed25519Keys.generate();
        String keyId = Ed25519Keys.keyId(pair.getPublic());
        this.signer = new TokenSigner(pair.getPrivate(), keyId);
        this.zone = zone;
        Files.writeString(jwksFile, new KeySet(Map.of(keyId, pair.getPublic())).toJwks());
    }

    String device(String cameraId, Duration ttl) {
        return sign(cameraId, TokenKind.DEVICE, zone, null, null, ttl);
    }

    String live(String cameraId, Duration ttl) {
        return sign(cameraId, TokenKind.LIVE, null, null, null, ttl);
    }

    String recorded(String cameraId, Instant from, Instant to) {
        return sign(cameraId, TokenKind.RECORDED, null, from, to, Duration.ofHours(1));
    }

    private String sign(String cameraId, TokenKind kind, String zone, Instant from, Instant to, Duration ttl) {
        Instant now = Instant.now();
        return signer.sign(new TokenClaims(
                ISSUER,
                cameraId,
                ORGANIZATION,
                kind,
                zone,
                from,
                to,
                now,
                now.plus(ttl),
                UUID.randomUUID().toString()));
    }
}
