package io.zonecam.webrtc.srtp;

/**
 * SrtpProfile is an SRTP protection profile with the lengths the SRTP transforms need.
 *
 * <p>AES_CM_128_HMAC_SHA1_80: RFC 3711 §4.1.1 (AES-CM), §4.2 (HMAC-SHA1, 80-bit tag), DTLS-SRTP id 0x0001
 * (RFC 5764 §4.1.2). AEAD_AES_128_GCM / AEAD_AES_256_GCM: RFC 7714, 16-byte tag, 12-byte salt, ids 0x0007 and
 * 0x0008 (RFC 7714 §14.2). Chromium picks AEAD_AES_256_GCM when offered.
 */
public enum SrtpProfile {
    /** AES-128 counter mode with an 80-bit HMAC-SHA1 tag. */
    AES_CM_128_HMAC_SHA1_80(0x0001, 16, 14, 10, false),
    /** AES-128-GCM (RFC 7714). */
    AEAD_AES_128_GCM(0x0007, 16, 12, 16, true),
    /** AES-256-GCM (RFC 7714). */
    AEAD_AES_256_GCM(0x0008, 32, 12, 16, true);

    /** The SRTCP trailer word: E flag and 31-bit SRTCP index (RFC 3711 §3.4). */
    public static final int SRTCP_INDEX_LENGTH = 4;
    /** HMAC-SHA1 session authentication key length (RFC 3711 §8.2: n_a = 160 bits). */
    public static final int AUTH_KEY_LENGTH = 20;

    private final int dtlsId;
    private final int keyLength;
    private final int saltLength;
    private final int tagLength;
    private final boolean aead;

    SrtpProfile(int dtlsId, int keyLength, int saltLength, int tagLength, boolean aead) {
        this.dtlsId = dtlsId;
        this.keyLength = keyLength;
        this.saltLength = saltLength;
        this.tagLength = tagLength;
        this.aead = aead;
    }

    /** The SRTPProtectionProfile value in the DTLS use_srtp extension. */
    public int dtlsId() {
        return dtlsId;
    }

    /** Master and session encryption key length in bytes. */
    public int keyLength() {
        return keyLength;
    }

    /** Master and session salt length in bytes (14 for AES-CM, 12 for GCM). */
    public int saltLength() {
        return saltLength;
    }

    /** Authentication tag length in bytes, the same for SRTP and SRTCP in these profiles. */
    public int tagLength() {
        return tagLength;
    }

    /** Whether this is an AEAD (GCM) profile. */
    public boolean aead() {
        return aead;
    }

    /** Bytes {@code protectRtp} adds to a packet: the tag. */
    public int rtpOverhead() {
        return tagLength;
    }

    /** Bytes {@code protectRtcp} adds to a packet: the tag and the E/index word. */
    public int rtcpOverhead() {
        return tagLength + SRTCP_INDEX_LENGTH;
    }

    /** Length of the DTLS exporter output for this profile: two keys and two salts (RFC 5764 §4.2). */
    public int keyingMaterialLength() {
        return 2 * (keyLength + saltLength);
    }

    /** The profile with this DTLS-SRTP id, or {@code null}. */
    public static SrtpProfile fromDtlsId(int id) {
        for (SrtpProfile p : values()) {
            if (p.dtlsId == id) {
                return p;
            }
        }
        return null;
    }
}
