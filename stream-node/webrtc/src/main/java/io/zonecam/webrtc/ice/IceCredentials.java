package io.zonecam.webrtc.ice;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * IceCredentials is a username fragment and password pair as carried in a=ice-ufrag and a=ice-pwd (RFC 8839 §5.4).
 *
 * @param ufrag    4–256 ice-chars; the local one is what browsers put before the colon in USERNAME
 * @param password 22–256 ice-chars; the short-term key for MESSAGE-INTEGRITY
 */
public record IceCredentials(String ufrag, String password) {

    /** Length of generated fragments: 8 ice-chars, 48 random bits (RFC 8445 §5.3 asks for at least 24). */
    public static final int UFRAG_LENGTH = 8;
    /** Length of generated passwords: 24 ice-chars, 144 random bits (RFC 8445 §5.3 asks for at least 128). */
    public static final int PASSWORD_LENGTH = 24;

    // ice-char = ALPHA / DIGIT / "+" / "/" (RFC 8839 §5.4): 64 symbols, 6 bits each.
    private static final char[] ICE_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Validates the ice-char grammar and the lengths. */
    public IceCredentials {
        Objects.requireNonNull(ufrag, "ufrag");
        Objects.requireNonNull(password, "password");
        if (!isIceChars(ufrag, 4, 256)) {
            throw new IllegalArgumentException("ice-ufrag must be 4-256 ice-chars");
        }
        if (!isIceChars(password, 22, 256)) {
            throw new IllegalArgumentException("ice-pwd must be 22-256 ice-chars");
        }
    }

    /** Generates fresh random local credentials from a cryptographically strong source. */
    public static IceCredentials generate() {
        return generate(RANDOM);
    }

    /** Generates credentials from the given source (tests may pass a seeded one). */
    public static IceCredentials generate(RandomGenerator random) {
        return new IceCredentials(randomIceChars(random, UFRAG_LENGTH), randomIceChars(random, PASSWORD_LENGTH));
    }

    /** Whether a string is made of ice-chars and has a length in the range. */
    public static boolean isIceChars(String s, int minLength, int maxLength) {
        if (s == null || s.length() < minLength || s.length() > maxLength) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok =
                    (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String randomIceChars(RandomGenerator random, int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ICE_CHARS[random.nextInt(ICE_CHARS.length)];
        }
        return new String(out);
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "IceCredentials[ufrag=" + ufrag + "]";
    }
}
