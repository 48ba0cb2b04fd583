package io.zonecam.webrtc.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * SessionCipher is the AES side of one SRTP or SRTCP session key set (RFC 3711 §4.3): the JCE cipher, the session
 * encryption key and the session salt every IV starts from. Each transform holds one for SRTP and one for SRTCP.
 *
 * @param cipher the cipher, initialised per packet
 * @param key    the session encryption key
 * @param salt   the session salt
 */
record SessionCipher(Cipher cipher, SecretKeySpec key, byte[] salt) {

    /** A cipher of {@code transformation} (e.g. {@code AES/CTR/NoPadding}) over the session keys. */
    static SessionCipher of(SrtpSessionKeys keys, String transformation) {
        try {
            return new SessionCipher(
                    Cipher.getInstance(transformation), new SecretKeySpec(keys.encryptionKey(), "AES"), keys.salt());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(transformation + " is required by every Java platform", e);
        }
    }
}
