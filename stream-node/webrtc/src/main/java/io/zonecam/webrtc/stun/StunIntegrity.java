package io.zonecam.webrtc.stun;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * StunIntegrity computes the MESSAGE-INTEGRITY HMAC (RFC 8489 §14.5) and the FINGERPRINT CRC (§14.7) over a message
 * whose header length is adjusted as the RFC requires, without copying or modifying the message.
 */
public final class StunIntegrity {

    /** Length of an HMAC-SHA1 MESSAGE-INTEGRITY value. */
    public static final int HMAC_LENGTH = 20;

    // Mac is not thread-safe and costly to look up; one per thread that handles STUN.
    private static final ThreadLocal<Mac> HMAC_SHA1 = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA1");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is required by every Java platform", e);
        }
    });

    private StunIntegrity() {}

    /** The short-term credential key (RFC 8489 §9.1.2): the password's UTF-8 bytes (ICE passwords are ASCII). */
    public static byte[] shortTermKey(String password) {
        return password.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The long-term credential key (RFC 8489 §9.2.2, MD5 variant): MD5(username ":" realm ":" password), where the
     * caller has already applied OpaqueString/SASLprep to the password.
     */
    public static byte[] longTermKey(String username, String realm, String preparedPassword) {
        try {
            return MessageDigest.getInstance("MD5")
                    .digest((username + ":" + realm + ":" + preparedPassword).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MD5 is required by every Java platform", e);
        }
    }

    /**
     * Computes HMAC-SHA1 over {@code buf[messageOffset, attributeOffset)} as if the header length ended just after a
     * 20-byte MESSAGE-INTEGRITY attribute starting at {@code attributeOffset}, writing 20 bytes to {@code out}.
     */
    static void hmac(byte[] key, byte[] buf, int messageOffset, int attributeOffset, byte[] out, int outOffset) {
        if (key.length == 0) {
            throw new IllegalArgumentException("empty STUN integrity key");
        }
        int adjustedLength = attributeOffset + 4 + HMAC_LENGTH - messageOffset - Stun.HEADER_LENGTH;
        Mac mac = HMAC_SHA1.get();
        try {
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            mac.update(buf, messageOffset, 2);
            mac.update((byte) (adjustedLength >>> 8));
            mac.update((byte) adjustedLength);
            mac.update(buf, messageOffset + 4, attributeOffset - messageOffset - 4);
            mac.doFinal(out, outOffset);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA1 failed", e);
        }
    }

    /**
     * Computes the FINGERPRINT value over {@code buf[messageOffset, attributeOffset)} as if the header length ended
     * just after an 8-byte FINGERPRINT attribute starting at {@code attributeOffset}.
     */
    static int fingerprint(byte[] buf, int messageOffset, int attributeOffset) {
        int adjustedLength = attributeOffset + 8 - messageOffset - Stun.HEADER_LENGTH;
        CRC32 crc = new CRC32();
        crc.update(buf, messageOffset, 2);
        crc.update(adjustedLength >>> 8);
        crc.update(adjustedLength & 0xFF);
        crc.update(buf, messageOffset + 4, attributeOffset - messageOffset - 4);
        return (int) crc.getValue() ^ Stun.FINGERPRINT_XOR;
    }

    /** Compares two byte ranges in time that depends only on the length. */
    static boolean constantTimeEquals(byte[] a, int aOffset, byte[] b, int bOffset, int length) {
        int diff = 0;
        for (int i = 0; i < length; i++) {
            diff |= a[aOffset + i] ^ b[bOffset + i];
        }
        return diff == 0;
    }
}
