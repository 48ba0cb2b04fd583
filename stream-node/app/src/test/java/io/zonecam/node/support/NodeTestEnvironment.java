package io.zonecam.node.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonecam.contracts.token.Ed25519Keys;
import io.zonecam.contracts.token.KeySet;
import io.zonecam.contracts.token.TokenClaims;
import io.zonecam.contracts.token.TokenKind;
import io.zonecam.contracts.token.TokenSigner;
import io.zonecam.testing.mqtt.TestCa;
import io.zonecam.testing.mqtt.TlsMosquitto;
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
 * state, spool and object store live in a temp directory, and tests sign tokens with the matching private key. The
 * device bus is a real Mosquitto with the shipped TLS configuration ({@link TlsMosquitto}); the node connects to it
 * with a certificate of the test CA provisioned in its identity files, as a standalone node does.
 */
public class NodeTestEnvironment implements QuarkusTestResourceLifecycleManager {

    public static final String ZONE = "test-zone";
    /** The zone's node key the management endpoints require (no control plane is configured). */
    public static final String NODE_KEY = "test-zone-node-key";

    static final String KEY_PROPERTY = "test.zonecam.node-signing-key";
    /** The CloudFront domain the test node is configured with. */
    public static final String CDN_DOMAIN = "d111111abcdef8.cloudfront.net";

    private static TestCa ca;
    private static TlsMosquitto broker;
    private static TestCa.Issued node;

    /** The CA of the test's device bus: it issued the broker's and the node's certificates. */
    public static TestCa ca() {
        return ca;
    }

    /** The device bus the node is connected to: Mosquitto with the shipped TLS, certificate and ACL configuration. */
    public static TlsMosquitto broker() {
        return broker;
    }

    /** The node's first certificate (CN node.test-zone), from its identity files. */
    public static TestCa.Issued nodeCertificate() {
        return node;
    }

    @Override
    public Map<String, String> start() {
        try {
            Path dir = Files.createTempDirectory("zonecam-node-test");
            // The device bus: a standalone node runs on a key and certificate provisioned in its identity files.
            ca = TestCa.generate(dir.resolve("ca"), "Node test platform CA");
            broker = TlsMosquitto.start(dir.resolve("mosquitto"), ca, ZONE);
            node = ca.issueClient("node", "/O=zonecam-nodes/OU=" + ZONE + "/CN=node." + ZONE);
            Path identity = Files.createDirectories(dir.resolve("identity"));
            Files.copy(node.key(), identity.resolve("node-key.pem"));
            Files.writeString(
                    identity.resolve("node-cert.pem"), node.certificatePem() + Files.readString(ca.certificate()));
            KeyPair pair = Ed25519Keys.generate();
            String kid = Ed25519Keys.keyId(pair.getPublic());
            Path jwks = dir.resolve("jwks.json");
            Files.writeString(jwks, new KeySet(Map.of(kid, pair.getPublic())).toJwks());
            System.setProperty(KEY_PROPERTY, Ed25519Keys.toPkcs8(pair.getPrivate()));
            return Map.ofEntries(
                    Map.entry("zonecam.node.zone", ZONE),
                    Map.entry("zonecam.mqtt.host", broker.host()),
                    Map.entry("zonecam.mqtt.port", Integer.toString(broker.port())),
                    Map.entry("zonecam.mqtt.tls-ca-file", broker.caFile().toString()),
                    Map.entry(
                            "zonecam.mqtt.tls-key-file",
                            identity.resolve("node-key.pem").toString()),
                    Map.entry(
                            "zonecam.mqtt.tls-cert-file",
                            identity.resolve("node-cert.pem").toString()),
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
                    Map.entry("zonecam.live.port", "0"),
                    // Used only by playlists whose URL carries a CloudFront signature for it.
                    Map.entry("zonecam.playback.cdn-domain", CDN_DOMAIN));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
        }
    }

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
