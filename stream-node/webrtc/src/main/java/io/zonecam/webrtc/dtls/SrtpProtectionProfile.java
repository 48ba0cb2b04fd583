package io.zonecam.webrtc.dtls;

/**
 * SrtpProtectionProfile names the SRTP protection profiles Zonecam negotiates in the DTLS use_srtp extension, with
 * the master key and salt lengths the SRTP layer needs to build its contexts.
 *
 * <p>Identifiers: RFC 5764 §4.1.2 (AES_CM_128_HMAC_SHA1_80) and RFC 7714 §14.2 (AEAD_AES_128_GCM,
 * AEAD_AES_256_GCM). Key and salt lengths: RFC 3711 §8.2 / RFC 5764 §4.1.2 for AES-CM (16/14 bytes), RFC 7714 §12
 * for AES-GCM (16 or 32 / 12 bytes).
 */
public enum SrtpProtectionProfile {
    /** AEAD_AES_256_GCM, the profile Chromium chooses when offered. */
    AEAD_AES_256_GCM(0x0008, 32, 12),
    /** AEAD_AES_128_GCM. */
    AEAD_AES_128_GCM(0x0007, 16, 12),
    /** SRTP_AES128_CM_HMAC_SHA1_80, mandatory to implement for WebRTC (RFC 8827 §6.5). */
    AES128_CM_HMAC_SHA1_80(0x0001, 16, 14);

    private final int id;
    private final int masterKeyLength;
    private final int masterSaltLength;

    SrtpProtectionProfile(int id, int masterKeyLength, int masterSaltLength) {
        this.id = id;
        this.masterKeyLength = masterKeyLength;
        this.masterSaltLength = masterSaltLength;
    }

    /** The two-byte SRTPProtectionProfile value on the wire. */
    public int id() {
        return id;
    }

    /** SRTP master key length in bytes. */
    public int masterKeyLength() {
        return masterKeyLength;
    }

    /** SRTP master salt length in bytes. */
    public int masterSaltLength() {
        return masterSaltLength;
    }

    /** The profile with this wire value, or {@code null} when Zonecam does not support it. */
    public static SrtpProtectionProfile fromId(int id) {
        for (SrtpProtectionProfile p : values()) {
            if (p.id == id) {
                return p;
            }
        }
        return null;
    }
}
