package io.zonecam.bench.viewer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * SrtpSession is the viewer's own SRTP (RFC 3711) and AEAD GCM SRTP (RFC 7714): it authenticates and decrypts every
 * SRTP and SRTCP packet the server sends and protects the RTCP the viewer sends back. It is written on the JDK's
 * ciphers alone, independently of the node's SRTP code, so a viewer cannot share a bug with the server it measures.
 *
 * <p>Profiles: AEAD_AES_256_GCM and AEAD_AES_128_GCM (what Chromium picks) and AES_CM_128_HMAC_SHA1_80. One
 * instance per viewer, used by one thread at a time.
 */
final class SrtpSession {

    /** Big-endian 32-bit fields of a byte array, through the JDK's view of it as ints. */
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    /** A DTLS-SRTP protection profile (RFC 5764 §4.1.2, RFC 7714 §14.2). */
    enum Profile {
        AES_CM_128_HMAC_SHA1_80(0x0001, 16, 14, 10),
        AEAD_AES_128_GCM(0x0007, 16, 12, 16),
        AEAD_AES_256_GCM(0x0008, 32, 12, 16);

        final int id;
        final int keyLength;
        final int saltLength;
        final int tagLength;

        Profile(int id, int keyLength, int saltLength, int tagLength) {
            this.id = id;
            this.keyLength = keyLength;
            this.saltLength = saltLength;
            this.tagLength = tagLength;
        }

        boolean gcm() {
            return this != AES_CM_128_HMAC_SHA1_80;
        }

        static Profile of(int id) {
            for (Profile p : values()) {
                if (p.id == id) {
                    return p;
                }
            }
            throw new IllegalArgumentException("unsupported SRTP profile " + id);
        }
    }

    /** The keys of one direction (RFC 3711 §4.3: SRTP and SRTCP encryption, salt, authentication). */
    private record Keys(
            SecretKeySpec rtpKey, byte[] rtpSalt, Mac rtpAuth, SecretKeySpec rtcpKey, byte[] rtcpSalt, Mac rtcpAuth) {}

    private final Profile profile;
    private final Keys in;
    private final Keys out;
    /** SRTP in (the hot path) has a cipher of its own: the JDK redoes the AES key schedule when a key changes. */
    private final Cipher rtpCipher;
    /** SRTCP both ways, a few packets a second. */
    private final Cipher cipher;

    private int rtcpIndex;

    /**
     * @param keying the DTLS exporter output: client key, server key, client salt, server salt (RFC 5764 §4.2)
     * @param client true when this side was the DTLS client (it sends with the client's keys)
     */
    SrtpSession(Profile profile, byte[] keying, boolean client) throws GeneralSecurityException {
        this.profile = profile;
        int k = profile.keyLength;
        int s = profile.saltLength;
        byte[] clientKey = Arrays.copyOfRange(keying, 0, k);
        byte[] serverKey = Arrays.copyOfRange(keying, k, 2 * k);
        byte[] clientSalt = Arrays.copyOfRange(keying, 2 * k, 2 * k + s);
        byte[] serverSalt = Arrays.copyOfRange(keying, 2 * k + s, 2 * k + 2 * s);
        Keys clientKeys = derive(clientKey, clientSalt);
        Keys serverKeys = derive(serverKey, serverSalt);
        this.in = client ? serverKeys : clientKeys;
        this.out = client ? clientKeys : serverKeys;
        String transform = profile.gcm() ? "AES/GCM/NoPadding" : "AES/CTR/NoPadding";
        this.rtpCipher = Cipher.getInstance(transform);
        this.cipher = Cipher.getInstance(transform);
    }

    private Keys derive(byte[] masterKey, byte[] masterSalt) throws GeneralSecurityException {
        int saltLength = profile.saltLength;
        Mac rtpAuth = null;
        Mac rtcpAuth = null;
        if (!profile.gcm()) {
            rtpAuth = Mac.getInstance("HmacSHA1");
            rtpAuth.init(new SecretKeySpec(prf(masterKey, masterSalt, 0x01, 20), "HmacSHA1"));
            rtcpAuth = Mac.getInstance("HmacSHA1");
            rtcpAuth.init(new SecretKeySpec(prf(masterKey, masterSalt, 0x04, 20), "HmacSHA1"));
        }
        return new Keys(
                new SecretKeySpec(prf(masterKey, masterSalt, 0x00, profile.keyLength), "AES"),
                prf(masterKey, masterSalt, 0x02, saltLength),
                rtpAuth,
                new SecretKeySpec(prf(masterKey, masterSalt, 0x03, profile.keyLength), "AES"),
                prf(masterKey, masterSalt, 0x05, saltLength),
                rtcpAuth);
    }

    /**
     * The AES-CM PRF of RFC 3711 §4.3.3 with a key derivation rate of 0: AES-CTR keystream under the master key from
     * IV = (salt, left-aligned in 112 bits, XOR label at byte 7) × 2^16. A 96-bit GCM salt is left-aligned too (RFC
     * 7714 §11).
     */
    static byte[] prf(byte[] masterKey, byte[] masterSalt, int label, int length) throws GeneralSecurityException {
        byte[] iv = new byte[16];
        System.arraycopy(masterSalt, 0, iv, 0, masterSalt.length);
        iv[7] ^= (byte) label;
        Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding");
        ctr.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(masterKey, "AES"), new IvParameterSpec(iv));
        return ctr.doFinal(new byte[length]);
    }

    /** Length of the RTP header (fixed part, CSRCs, extension) of a packet, or -1 when malformed. */
    static int rtpHeaderLength(byte[] p, int len) {
        if (len < 12) {
            return -1;
        }
        int h = 12 + 4 * (p[0] & 0x0F);
        if ((p[0] & 0x10) != 0) {
            if (len < h + 4) {
                return -1;
            }
            h += 4 + 4 * (((p[h + 2] & 0xFF) << 8) | (p[h + 3] & 0xFF));
        }
        return h <= len ? h : -1;
    }

    /**
     * Authenticates and decrypts an SRTP packet in place.
     *
     * @param roc the rollover counter of this packet's SSRC for its sequence number
     * @return the length of the plain RTP packet, or -1 when it fails authentication or is malformed
     */
    int unprotectRtp(byte[] p, int len, int roc) {
        int h = rtpHeaderLength(p, len);
        if (h < 0 || len < h + profile.tagLength) {
            return -1;
        }
        int ssrc = readInt(p, 8);
        int seq = ((p[2] & 0xFF) << 8) | (p[3] & 0xFF);
        try {
            if (profile.gcm()) {
                byte[] iv = new byte[12];
                writeInt(iv, 2, ssrc);
                writeInt(iv, 6, roc);
                iv[10] = (byte) (seq >>> 8);
                iv[11] = (byte) seq;
                xor(iv, in.rtpSalt);
                rtpCipher.init(Cipher.DECRYPT_MODE, in.rtpKey, new GCMParameterSpec(128, iv));
                rtpCipher.updateAAD(p, 0, h);
                return h + rtpCipher.doFinal(p, h, len - h, p, h);
            }
            int body = len - profile.tagLength;
            in.rtpAuth.update(p, 0, body);
            byte[] rocBytes = new byte[4];
            writeInt(rocBytes, 0, roc);
            byte[] tag = in.rtpAuth.doFinal(rocBytes);
            if (!MessageDigest.isEqual(Arrays.copyOf(tag, profile.tagLength), Arrays.copyOfRange(p, body, len))) {
                return -1;
            }
            byte[] iv = ctrIv(in.rtpSalt, ssrc, ((long) roc << 16) | seq);
            rtpCipher.init(Cipher.DECRYPT_MODE, in.rtpKey, new IvParameterSpec(iv));
            rtpCipher.doFinal(p, h, body - h, p, h);
            return body;
        } catch (AEADBadTagException e) {
            return -1;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SRTP decryption failed", e);
        }
    }

    /**
     * Authenticates and decrypts an SRTCP packet in place (RFC 3711 §3.4, RFC 7714 §9).
     *
     * @return the length of the plain compound RTCP packet, or -1 when it fails authentication or is malformed
     */
    int unprotectRtcp(byte[] p, int len) {
        int tag = profile.tagLength;
        if (len < 8 + 4 + tag) {
            return -1;
        }
        int ssrc = readInt(p, 4);
        try {
            if (profile.gcm()) {
                int trailer = len - 4;
                int eIndex = readInt(p, trailer);
                if (eIndex >= 0) {
                    return -1; // unencrypted SRTCP: the server always encrypts
                }
                byte[] iv = rtcpGcmIv(in.rtcpSalt, ssrc, eIndex & 0x7FFFFFFF);
                cipher.init(Cipher.DECRYPT_MODE, in.rtcpKey, new GCMParameterSpec(128, iv));
                cipher.updateAAD(p, 0, 8);
                cipher.updateAAD(p, trailer, 4);
                return 8 + cipher.doFinal(p, 8, trailer - 8, p, 8);
            }
            int authed = len - tag;
            byte[] expect = Arrays.copyOf(in.rtcpAuth.doFinal(Arrays.copyOf(p, authed)), tag);
            if (!MessageDigest.isEqual(expect, Arrays.copyOfRange(p, authed, len))) {
                return -1;
            }
            int eIndex = readInt(p, authed - 4);
            byte[] iv = ctrIv(in.rtcpSalt, ssrc, eIndex & 0x7FFFFFFFL);
            cipher.init(Cipher.DECRYPT_MODE, in.rtcpKey, new IvParameterSpec(iv));
            cipher.doFinal(p, 8, authed - 4 - 8, p, 8);
            return authed - 4;
        } catch (AEADBadTagException e) {
            return -1;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SRTCP decryption failed", e);
        }
    }

    /** Protects a compound RTCP packet the viewer sends; returns the SRTCP bytes. */
    byte[] protectRtcp(byte[] rtcp, int len) {
        int index = rtcpIndex++ & 0x7FFFFFFF;
        int ssrc = readInt(rtcp, 4);
        int tag = profile.tagLength;
        try {
            if (profile.gcm()) {
                byte[] outBytes = new byte[len + tag + 4];
                System.arraycopy(rtcp, 0, outBytes, 0, 8);
                writeInt(outBytes, len + tag, 0x80000000 | index);
                cipher.init(
                        Cipher.ENCRYPT_MODE,
                        out.rtcpKey,
                        new GCMParameterSpec(128, rtcpGcmIv(out.rtcpSalt, ssrc, index)));
                cipher.updateAAD(outBytes, 0, 8);
                cipher.updateAAD(outBytes, len + tag, 4);
                cipher.doFinal(rtcp, 8, len - 8, outBytes, 8);
                return outBytes;
            }
            byte[] outBytes = new byte[len + 4 + tag];
            System.arraycopy(rtcp, 0, outBytes, 0, 8);
            cipher.init(Cipher.ENCRYPT_MODE, out.rtcpKey, new IvParameterSpec(ctrIv(out.rtcpSalt, ssrc, index)));
            cipher.doFinal(rtcp, 8, len - 8, outBytes, 8);
            writeInt(outBytes, len, 0x80000000 | index);
            byte[] mac = out.rtcpAuth.doFinal(Arrays.copyOf(outBytes, len + 4));
            System.arraycopy(mac, 0, outBytes, len + 4, tag);
            return outBytes;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SRTCP protection failed", e);
        }
    }

    /** AES-CM IV (RFC 3711 §4.1.1): (salt × 2^16) XOR (SSRC × 2^64) XOR (index × 2^16). */
    private static byte[] ctrIv(byte[] salt, int ssrc, long index) {
        byte[] iv = new byte[16];
        System.arraycopy(salt, 0, iv, 0, 14);
        iv[4] ^= (byte) (ssrc >>> 24);
        iv[5] ^= (byte) (ssrc >>> 16);
        iv[6] ^= (byte) (ssrc >>> 8);
        iv[7] ^= (byte) ssrc;
        for (int i = 0; i < 6; i++) {
            iv[13 - i] ^= (byte) (index >>> (8 * i));
        }
        return iv;
    }

    /** SRTCP GCM IV (RFC 7714 §9.1): 00 00 || SSRC || 00 00 || 0 || SRTCP index, XOR the salt. */
    private static byte[] rtcpGcmIv(byte[] salt, int ssrc, int index) {
        byte[] iv = new byte[12];
        writeInt(iv, 2, ssrc);
        writeInt(iv, 8, index);
        xor(iv, salt);
        return iv;
    }

    private static void xor(byte[] a, byte[] b) {
        for (int i = 0; i < a.length; i++) {
            a[i] ^= b[i];
        }
    }

    static int readInt(byte[] b, int o) {
        return (int) INT.get(b, o);
    }

    static void writeInt(byte[] b, int o, int v) {
        INT.set(b, o, v);
    }
}
