package io.zonecam.node.fleet;

import io.zonecam.node.config.NodeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * ZoneNodeKey is the zone's node key ({@code X-Node-Key}): the shared secret this node enrolls with at the control
 * plane, and the one its management endpoints ({@code /admin/drain}) require from the deploy hooks. Configured
 * directly or as a Secrets Manager secret (production), read once at start.
 */
@ApplicationScoped
public class ZoneNodeKey {

    /** The header that carries the key, here as at the control plane. */
    public static final String HEADER = "X-Node-Key";

    private final Optional<String> key;

    public ZoneNodeKey(NodeConfig config) {
        this.key = config.controlPlane()
                .enrollmentKey()
                .or(() -> config.controlPlane().enrollmentKeySecretArn().map(ZoneNodeKey::readSecret))
                .filter(k -> !k.isBlank());
    }

    /** The key, when one is configured. */
    public Optional<String> value() {
        return key;
    }

    /** True when {@code presented} is the key (compared in constant time); false when no key is configured. */
    public boolean matches(String presented) {
        return key.isPresent()
                && presented != null
                && MessageDigest.isEqual(
                        key.get().getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    private static String readSecret(String arn) {
        try (SecretsManagerClient sm = SecretsManagerClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            return sm.getSecretValue(r -> r.secretId(arn)).secretString().trim();
        }
    }
}
