package io.zonecam.control.security;

import io.quarkus.runtime.LaunchMode;
import io.zonecam.control.config.ZonecamConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * SecretHasher makes and checks the secrets the control plane hands out (API keys, device secrets, node keys)
 * and stores only their HMAC-SHA256 under a server-side pepper.
 *
 * <p>Why not bcrypt/argon2: every secret here is 256 random bits (claim codes excepted, which are also rate-bound
 * by needing a provisioned serial), so a slow hash adds latency to every authenticated call and no safety; the
 * pepper keeps a stolen database from being useful on its own.
 */
@ApplicationScoped
public class SecretHasher {

    private static final Logger LOG = Logger.getLogger(SecretHasher.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] pepper;

    public SecretHasher(ZonecamConfig config) {
        this.pepper = config.secrets()
                .pepper()
                .map(p -> Base64.getDecoder().decode(p.trim()))
                .orElseGet(SecretHasher::generatedPepper);
    }

    private static byte[] generatedPepper() {
        if (LaunchMode.current() == LaunchMode.NORMAL) {
            throw new IllegalStateException("zonecam.secrets.pepper must be set in production (base64, 32 bytes)");
        }
        LOG.warn(
                "zonecam.secrets.pepper is not set: using a throw-away pepper; stored secrets will not survive a restart");
        return randomBytes(32);
    }

    /** A new random secret: the prefix then 256 bits in base64url. */
    public static String newSecret(String prefix) {
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(32));
    }

    /** A short random identifier (base32-ish, lowercase), used as the public part of API keys. */
    public static String newPublicId(int length) {
        String alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** The stored form of a secret. */
    public byte[] hash(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(pepper, "HmacSHA256"));
            return mac.doFinal(secret.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant-time check of a presented secret against its stored hash. */
    public boolean matches(String presented, byte[] stored) {
        return stored != null && presented != null && MessageDigest.isEqual(hash(presented), stored);
    }
}
