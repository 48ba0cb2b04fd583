package io.zonecam.webrtc.dtls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * CertificateFingerprint is a certificate hash as carried in SDP {@code a=fingerprint:<hash-func> <hex:hex:...>}
 * (RFC 8122 §5), used to bind the DTLS certificate to the signaling (RFC 5763 §5, RFC 8827 §6.5).
 *
 * <p>Only the hash functions of RFC 8122 §5 that are still collision resistant enough for this purpose are
 * accepted: sha-1 (still sent by some old endpoints), sha-224, sha-256, sha-384 and sha-512. Browsers send sha-256.
 */
public final class CertificateFingerprint {

    /** Longest SDP value accepted: "sha-512 " plus 64 hex pairs with colons, with room to spare. */
    private static final int MAX_SDP_VALUE_LENGTH = 256;

    private final String algorithm;
    private final byte[] digest;

    private CertificateFingerprint(String algorithm, byte[] digest) {
        this.algorithm = algorithm;
        this.digest = digest;
    }

    /** The SHA-256 fingerprint of a DER-encoded certificate, the hash every browser uses. */
    public static CertificateFingerprint sha256(byte[] derCertificate) {
        return of("sha-256", derCertificate);
    }

    /** The fingerprint of a DER-encoded certificate with the named RFC 8122 hash function. */
    public static CertificateFingerprint of(String algorithm, byte[] derCertificate) {
        String alg = algorithm.toLowerCase(Locale.ROOT);
        return new CertificateFingerprint(alg, digest(alg, derCertificate));
    }

    /**
     * Parses the value of an {@code a=fingerprint:} attribute, e.g. {@code sha-256 AB:CD:...}.
     *
     * @throws IllegalArgumentException when the value is malformed, the hash function is unknown or the digest has
     *                                  the wrong length for it
     */
    public static CertificateFingerprint parse(String sdpValue) {
        Objects.requireNonNull(sdpValue, "sdpValue");
        if (sdpValue.length() > MAX_SDP_VALUE_LENGTH) {
            throw new IllegalArgumentException("fingerprint value too long");
        }
        String trimmed = sdpValue.trim();
        int sp = trimmed.indexOf(' ');
        if (sp <= 0) {
            throw new IllegalArgumentException("fingerprint needs '<hash-func> <hex pairs>'");
        }
        String alg = trimmed.substring(0, sp).toLowerCase(Locale.ROOT);
        int expected = digestLength(alg);
        String hex = trimmed.substring(sp + 1).trim();
        // RFC 8122 §5: fingerprint = 2UHEX *(":" 2UHEX); lower case is accepted as peers differ.
        if (hex.length() != expected * 3 - 1) {
            throw new IllegalArgumentException("fingerprint for " + alg + " must have " + expected + " bytes");
        }
        byte[] digest = new byte[expected];
        for (int i = 0; i < expected; i++) {
            int p = i * 3;
            if (i > 0 && hex.charAt(p - 1) != ':') {
                throw new IllegalArgumentException("fingerprint bytes must be separated by ':'");
            }
            char hi = hex.charAt(p);
            char lo = hex.charAt(p + 1);
            if (!HexFormat.isHexDigit(hi) || !HexFormat.isHexDigit(lo)) {
                throw new IllegalArgumentException("fingerprint has a non-hex digit");
            }
            digest[i] = (byte) (HexFormat.fromHexDigit(hi) << 4 | HexFormat.fromHexDigit(lo));
        }
        return new CertificateFingerprint(alg, digest);
    }

    /** The hash function name in lower case as SDP writes it, e.g. {@code sha-256}. */
    public String algorithm() {
        return algorithm;
    }

    /** A copy of the digest bytes. */
    public byte[] digest() {
        return digest.clone();
    }

    /** True when this fingerprint is the hash of the given DER certificate (constant-time comparison). */
    public boolean matches(byte[] derCertificate) {
        return MessageDigest.isEqual(digest, digest(algorithm, derCertificate));
    }

    /** The SDP attribute value: {@code sha-256 AB:CD:...} with upper-case hex as RFC 8122 §5 writes it. */
    public String toSdpValue() {
        StringBuilder sb = new StringBuilder(algorithm.length() + 1 + digest.length * 3);
        sb.append(algorithm).append(' ');
        HexFormat hex = HexFormat.ofDelimiter(":").withUpperCase();
        sb.append(hex.formatHex(digest));
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CertificateFingerprint f
                && f.algorithm.equals(algorithm)
                && Arrays.equals(f.digest, digest);
    }

    @Override
    public int hashCode() {
        return algorithm.hashCode() * 31 + Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        return toSdpValue();
    }

    private static int digestLength(String alg) {
        return switch (alg) {
            case "sha-1" -> 20;
            case "sha-224" -> 28;
            case "sha-256" -> 32;
            case "sha-384" -> 48;
            case "sha-512" -> 64;
            default ->
                throw new IllegalArgumentException("unsupported fingerprint hash function: "
                        + (alg.length() > 16 ? alg.substring(0, 16) + "…" : alg));
        };
    }

    private static byte[] digest(String alg, byte[] data) {
        digestLength(alg); // rejects unknown names before touching JCA
        String jca = alg.toUpperCase(Locale.ROOT); // "SHA-256" etc. are the JCA standard names
        try {
            return MessageDigest.getInstance(jca).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JCA lacks " + jca, e);
        }
    }
}
