package io.zonecam.webrtc.srtp;

import static io.zonecam.webrtc.srtp.SrtpKeyDerivation.LABEL_RTCP_AUTH;
import static io.zonecam.webrtc.srtp.SrtpKeyDerivation.LABEL_RTCP_ENCRYPTION;
import static io.zonecam.webrtc.srtp.SrtpKeyDerivation.LABEL_RTCP_SALT;
import static io.zonecam.webrtc.srtp.SrtpKeyDerivation.LABEL_RTP_AUTH;
import static io.zonecam.webrtc.srtp.SrtpKeyDerivation.LABEL_RTP_ENCRYPTION;
import static io.zonecam.webrtc.srtp.SrtpKeyDerivation.LABEL_RTP_SALT;

/**
 * SrtpSessionKeys is the session keys of SRTP or of SRTCP in one direction (RFC 3711 §4.3): the encryption key, the
 * salt and, for AES-CM profiles, the HMAC key ({@code null} for GCM, which authenticates with its own tag).
 */
record SrtpSessionKeys(byte[] encryptionKey, byte[] salt, byte[] authKey) {

    /** Derives SRTP's keys (labels 0–2) from a master key. */
    static SrtpSessionKeys rtp(SrtpMasterKey master) {
        return derive(master, LABEL_RTP_ENCRYPTION, LABEL_RTP_SALT, LABEL_RTP_AUTH);
    }

    /** Derives SRTCP's keys (labels 3–5) from a master key. */
    static SrtpSessionKeys rtcp(SrtpMasterKey master) {
        return derive(master, LABEL_RTCP_ENCRYPTION, LABEL_RTCP_SALT, LABEL_RTCP_AUTH);
    }

    private static SrtpSessionKeys derive(SrtpMasterKey master, int encryption, int salt, int auth) {
        SrtpProfile p = master.profile();
        byte[] k = master.key();
        byte[] s = master.salt();
        return new SrtpSessionKeys(
                SrtpKeyDerivation.derive(k, s, encryption, p.keyLength()),
                SrtpKeyDerivation.derive(k, s, salt, p.saltLength()),
                p.aead() ? null : SrtpKeyDerivation.derive(k, s, auth, SrtpProfile.AUTH_KEY_LENGTH));
    }
}
