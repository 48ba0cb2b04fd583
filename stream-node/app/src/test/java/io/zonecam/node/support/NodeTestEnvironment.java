package io.zonecam.node.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonecam.contracts.token.Ed25519Keys;
import io.zonecam.contracts.token.KeySet;
import io.zonecam.contracts.token.TokenClaims;
import io.zonecam.contracts.token.TokenKind;
import io.zonecam.contracts.token.TokenSigner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/**
 * NodeTestEnvironment runs a node standalone for tests: a key set file stands in for the control plane's JWKS,
 * state, spool and object store live in a temp directory, and tests sign tokens with the matching private key.
 */
public class NodeTestEnvironment implements QuarkusTestResourceLifecycleManager {

    public static final String ZONE = "test-zone";
    /** The zone's node key the management endpoints require (no control plane is configured). */
    public static final String NODE_KEY = "test-zone-node-key";

    static final String KEY_PROPERTY = "test.zonecam.node-signing-key";

    @Override
    public Map<String, String> start() {
        try {
            Path dir = Files.createTempDirectory("zonecam-node-test");
            KeyPair pair = Ed25519Keys.generate();
            String kid = Ed25519Keys.keyId(pair.getPublic());
            Path jwks = dir.resolve("jwks.json");
            Files.writeString(jwks, new KeySet(Map.of(kid, pair.getPublic())).toJwks());
            System.setProperty(KEY_PROPERTY, Ed25519Keys.toPkcs8(pair.getPrivate()));
            return Map.ofEntries(
                    Map.entry("zonecam.node.zone", ZONE),
                    Map.entry("zonecam.control-plane.enrollment-key", NODE_KEY),
                    Map.entry("zonecam.node.state-dir", dir.resolve("state").toString()),
                    Map.entry("zonecam.tokens.jwks-file", jwks.toString()),
                    Map.entry(
                            "zonecam.recording.spool-dir", dir.resolve("spool").toString()),
                    Map.entry("zonecam.storage.root", dir.resolve("store").toString()),
                    // Thumbnails every 2 s (a keyframe each second), so a short camera fills a pack.
                    Map.entry("zonecam.pictures.thumbnail-interval", "PT2S"),
                    Map.entry("zonecam.ingest.host", "127.0.0.1"),
                    Map.entry("zonecam.ingest.rtsp-port", "0"),
                    Map.entry("zonecam.ingest.rtmp-port", "0"),
                    Map.entry("zonecam.recording.object-duration", "PT4S"),
                    Map.entry("zonecam.live.host", "127.0.0.1"),
                    Map.entry("zonecam.live.port", "0"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {}

    /** A token signed with the node's trusted key. */
    public static String token(
            TokenKind kind, String cameraId, String zone, Instant from, Instant to, long ttlSeconds) {
        try {
            var key = KeyFactory.getInstance("Ed25519")
                    .generatePrivate(
                            new PKCS8EncodedKeySpec(Base64.getDecoder().decode(System.getProperty(KEY_PROPERTY))));
            TokenSigner signer = new TokenSigner(key, Ed25519Keys.keyId(Ed25519Keys.publicKeyOf(key)));
            Instant now = Instant.now();
            return signer.sign(new TokenClaims(
                    "zonecam",
                    cameraId,
                    "org-test",
                    kind,
                    zone,
                    from,
                    to,
                    now,
                    now.plusSeconds(ttlSeconds),
                    UUID.randomUUID().toString()));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A device token for this node's zone. */
    public static String deviceToken(String cameraId) {
        return token(TokenKind.DEVICE, cameraId, ZONE, null, null, 3600);
    }
}
