package io.zonecam.control.security;

import io.quarkus.runtime.LaunchMode;
import io.zonecam.control.config.ZonecamConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * WebhookSecrets makes and keeps webhook signing secrets. Unlike API keys they cannot be stored as a hash: every
 * delivery computes an HMAC with the secret itself. So they are stored encrypted with AES-256-GCM under
 * {@code zonecam.webhooks.secret-key} (from Secrets Manager in production), the webhook's id bound as associated data
 * so a ciphertext copied to another webhook's row does not decrypt. Stored form: 12-byte nonce, ciphertext, tag.
 */
@ApplicationScoped
public class WebhookSecrets {

    private static final Logger LOG = Logger.getLogger(WebhookSecrets.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int NONCE = 12;

    private final SecretKey key;

    public WebhookSecrets(ZonecamConfig config) {
        byte[] raw = config.webhooks()
                .secretKey()
                .map(k -> Base64.getDecoder().decode(k.trim()))
                .orElseGet(WebhookSecrets::generatedKey);
        if (raw.length != 32) {
            throw new IllegalStateException("zonecam.webhooks.secret-key must be 32 bytes (base64)");
        }
        this.key = new SecretKeySpec(raw, "AES");
    }

    private static byte[] generatedKey() {
        if (LaunchMode.current() == LaunchMode.NORMAL) {
            throw new IllegalStateException("zonecam.webhooks.secret-key must be set in production (base64, 32 bytes)");
        }
        LOG.warn("zonecam.webhooks.secret-key is not set: using a throw-away key; webhook secrets will not survive a "
                + "restart");
        byte[] k = new byte[32];
        RANDOM.nextBytes(k);
        return k;
    }

    /** A new signing secret: {@code whsec_} and 256 random bits. */
    public static String newSecret() {
        return SecretHasher.newSecret("whsec_");
    }

    /** The secret encrypted for storage in the row of {@code webhookId}. */
    public byte[] seal(UUID webhookId, String secret) {
        try {
            byte[] nonce = new byte[NONCE];
            RANDOM.nextBytes(nonce);
            Cipher c = cipher(Cipher.ENCRYPT_MODE, webhookId, nonce);
            byte[] sealed = c.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(NONCE + sealed.length)
                    .put(nonce)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a webhook secret", e);
        }
    }

    /** The secret stored in the row of {@code webhookId}. */
    public String open(UUID webhookId, byte[] stored) {
        try {
            byte[] nonce = java.util.Arrays.copyOfRange(stored, 0, NONCE);
            Cipher c = cipher(Cipher.DECRYPT_MODE, webhookId, nonce);
            return new String(c.doFinal(stored, NONCE, stored.length - NONCE), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot decrypt the secret of webhook " + webhookId, e);
        }
    }

    private Cipher cipher(int mode, UUID webhookId, byte[] nonce) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, key, new GCMParameterSpec(128, nonce));
        c.updateAAD(webhookId.toString().getBytes(StandardCharsets.US_ASCII));
        return c;
    }
}
