package io.zonecam.webrtc.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * SrtpKeyDerivation is the AES-CM PRF key derivation of RFC 3711 §4.3 (AES_256_CM_PRF of RFC 6188 §3 for 32-byte
 * master keys), with a key derivation rate of zero as DTLS-SRTP uses.
 *
 * <p>x = key_id XOR master_salt, with key_id = label || r (r = 0 here) right-aligned in 112 bits; the output is the
 * AES-CM keystream under the master key starting at IV x × 2^16. The 96-bit GCM master salt is multiplied by 2^16
 * to make the 112-bit input (RFC 7714 §11, erratum 4938), i.e. left-aligned.
 */
public final class SrtpKeyDerivation {

    /** Label of the SRTP encryption key. */
    public static final int LABEL_RTP_ENCRYPTION = 0x00;
    /** Label of the SRTP authentication key. */
    public static final int LABEL_RTP_AUTH = 0x01;
    /** Label of the SRTP salt. */
    public static final int LABEL_RTP_SALT = 0x02;
    /** Label of the SRTCP encryption key. */
    public static final int LABEL_RTCP_ENCRYPTION = 0x03;
    /** Label of the SRTCP authentication key. */
    public static final int LABEL_RTCP_AUTH = 0x04;
    /** Label of the SRTCP salt. */
    public static final int LABEL_RTCP_SALT = 0x05;

    private SrtpKeyDerivation() {}

    /** Derives {@code length} bytes for a label from a 16- or 32-byte master key and a 12- or 14-byte master salt. */
    public static byte[] derive(byte[] masterKey, byte[] masterSalt, int label, int length) {
        if (masterKey.length != 16 && masterKey.length != 32) {
            throw new IllegalArgumentException("master key must be 16 or 32 bytes");
        }
        if (masterSalt.length > 14) {
            throw new IllegalArgumentException("master salt longer than 112 bits");
        }
        byte[] counter = new byte[16];
        System.arraycopy(masterSalt, 0, counter, 0, masterSalt.length);
        counter[7] ^= (byte) label;
        int blocks = (length + 15) / 16;
        byte[] input = new byte[blocks * 16];
        for (int i = 0; i < blocks; i++) {
            System.arraycopy(counter, 0, input, i * 16, 14);
            input[i * 16 + 14] = (byte) (i >>> 8);
            input[i * 16 + 15] = (byte) i;
        }
        try {
            Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(masterKey, "AES"));
            byte[] keystream = aes.doFinal(input);
            return java.util.Arrays.copyOf(keystream, length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is required by every Java platform", e);
        }
    }
}
