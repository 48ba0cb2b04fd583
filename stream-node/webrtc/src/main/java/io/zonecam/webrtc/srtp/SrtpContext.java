package io.zonecam.webrtc.srtp;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * SrtpContext protects or unprotects the SRTP and SRTCP packets of one direction of one viewer (RFC 3711, RFC 7714).
 *
 * <p>Create one for what the node sends (from the outbound master key) and one for what the browser sends (inbound).
 * Packets are transformed in the caller's buffer; nothing is allocated per packet on the AES-CM path and only the
 * JCE's parameter objects on the GCM path. Methods return the new packet length, or a negative {@code ERR_*} code
 * that is also counted: the hot path never throws on bad input.
 *
 * <ul>
 *   <li>AES_CM_128_HMAC_SHA1_80: IV (k_s × 2^16) ⊕ (SSRC × 2^64) ⊕ (index × 2^16) (RFC 3711 §4.1.1); the tag is
 *       HMAC-SHA1 over the packet and the ROC truncated to 80 bits (§4.2); SRTCP appends E‖index then the tag
 *       (§3.4).</li>
 *   <li>AEAD_AES_*_GCM: IV = (0 ‖ SSRC ‖ ROC ‖ SEQ) ⊕ salt (RFC 7714 §8.1), the RTP header is the AAD (§8.2);
 *       SRTCP uses IV = (0 ‖ SSRC ‖ 0 ‖ index) ⊕ salt, AAD = the first 8 bytes ‖ E‖index, and puts E‖index after
 *       the tag (§9).</li>
 *   <li>The receiver estimates the packet index from the highest one seen (§3.3.1, Appendix A) and rejects replays
 *       with a window of {@value #DEFAULT_REPLAY_WINDOW} packets (§3.3.2), only after the packet authenticates.</li>
 *   <li>The sender refuses to protect an index twice unless created with {@code allowRepeatTx} (as libsrtp): with
 *       GCM, two different packets under one IV would expose the authentication key.</li>
 * </ul>
 *
 * <p>Per-SSRC state is held for at most {@code maxStreams} SSRCs; a receiver creates it only for packets that
 * authenticate, so forged SSRCs cannot fill it. Not thread-safe: one thread per context.
 */
public final class SrtpContext {

    /** The packet is malformed (not RTP/RTCP version 2, truncated, header overruns). */
    public static final int ERR_MALFORMED = -1;
    /** The authentication tag did not verify. */
    public static final int ERR_AUTH = -2;
    /** The index was already seen, or is older than the replay window. */
    public static final int ERR_REPLAY = -3;
    /** The buffer has no room for the tag (and SRTCP index). */
    public static final int ERR_BUFFER = -4;
    /** The context already tracks {@code maxStreams} SSRCs. */
    public static final int ERR_STREAM_LIMIT = -5;
    /** The SRTCP index space (2^31) is used up: rekey. */
    public static final int ERR_INDEX_EXHAUSTED = -6;
    /** The cipher failed unexpectedly. */
    public static final int ERR_CRYPTO = -7;

    /** Default replay window in packets. */
    public static final int DEFAULT_REPLAY_WINDOW = 1024;
    /** Default number of SSRCs tracked (video, audio, RTX and a few more). */
    public static final int DEFAULT_MAX_STREAMS = 32;

    private static final int RTP_HEADER = 12;
    private static final int RTCP_HEADER = 8;
    private static final int E_FLAG = 0x80000000;
    private static final long MAX_SRTCP_INDEX = 0x7FFFFFFFL;

    private final SrtpProfile profile;
    private final int tagLength;
    private final boolean aead;
    private final boolean allowRepeatTx;
    private final int windowSize;

    private final SecretKeySpec rtpKey;
    private final SecretKeySpec rtcpKey;
    private final byte[] rtpSalt;
    private final byte[] rtcpSalt;
    private final Cipher rtpCipher;
    private final Cipher rtcpCipher;
    private final Mac rtpMac;
    private final Mac rtcpMac;

    private final byte[] iv;
    private final byte[] macOut = new byte[20];
    private final byte[] word = new byte[4];
    private byte[] scratch = new byte[2048];

    private final int maxStreams;
    private final int[] ssrcs;
    private final SrtpStream[] streams;
    private int streamCount;
    private SrtpStream lastStream;

    private long rtpProtected;
    private long rtpUnprotected;
    private long rtcpProtected;
    private long rtcpUnprotected;
    private long authFailures;
    private long replayDrops;
    private long malformed;
    private long otherFailures;

    private SrtpContext(
            SrtpProfile profile,
            byte[] rtpEncKey,
            byte[] rtpSalt,
            byte[] rtpAuthKey,
            byte[] rtcpEncKey,
            byte[] rtcpSalt,
            byte[] rtcpAuthKey,
            boolean allowRepeatTx,
            int windowSize,
            int maxStreams) {
        this.profile = Objects.requireNonNull(profile, "profile");
        this.tagLength = profile.tagLength();
        this.aead = profile.aead();
        this.allowRepeatTx = allowRepeatTx;
        this.windowSize = windowSize;
        this.rtpKey = new SecretKeySpec(rtpEncKey, "AES");
        this.rtcpKey = new SecretKeySpec(rtcpEncKey, "AES");
        this.rtpSalt = rtpSalt.clone();
        this.rtcpSalt = rtcpSalt.clone();
        this.iv = new byte[aead ? 12 : 16];
        if (maxStreams < 1) {
            throw new IllegalArgumentException("maxStreams must be positive");
        }
        this.maxStreams = maxStreams;
        this.ssrcs = new int[maxStreams];
        this.streams = new SrtpStream[maxStreams];
        try {
            String transform = aead ? "AES/GCM/NoPadding" : "AES/CTR/NoPadding";
            this.rtpCipher = Cipher.getInstance(transform);
            this.rtcpCipher = Cipher.getInstance(transform);
            if (aead) {
                this.rtpMac = null;
                this.rtcpMac = null;
            } else {
                this.rtpMac = Mac.getInstance("HmacSHA1");
                this.rtpMac.init(new SecretKeySpec(rtpAuthKey, "HmacSHA1"));
                this.rtcpMac = Mac.getInstance("HmacSHA1");
                this.rtcpMac.init(new SecretKeySpec(rtcpAuthKey, "HmacSHA1"));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES and HmacSHA1 are required by every Java platform", e);
        }
    }

    /** A context with the default replay window and stream bound, refusing repeated indices on send. */
    public static SrtpContext create(SrtpMasterKey masterKey) {
        return create(masterKey, false, DEFAULT_REPLAY_WINDOW, DEFAULT_MAX_STREAMS);
    }

    /**
     * A context whose session keys are derived from the master key and salt (RFC 3711 §4.3, labels 0–5).
     *
     * @param allowRepeatTx allow protecting an index again (retransmitting an identical packet without RTX)
     * @param replayWindow  replay window in packets, a power of two of at least 64
     * @param maxStreams    SSRCs tracked at most
     */
    public static SrtpContext create(SrtpMasterKey masterKey, boolean allowRepeatTx, int replayWindow, int maxStreams) {
        SrtpProfile p = masterKey.profile();
        byte[] k = masterKey.key();
        byte[] s = masterKey.salt();
        int keyLen = p.keyLength();
        int saltLen = p.saltLength();
        boolean mac = !p.aead();
        return new SrtpContext(
                p,
                SrtpKeyDerivation.derive(k, s, SrtpKeyDerivation.LABEL_RTP_ENCRYPTION, keyLen),
                SrtpKeyDerivation.derive(k, s, SrtpKeyDerivation.LABEL_RTP_SALT, saltLen),
                mac
                        ? SrtpKeyDerivation.derive(k, s, SrtpKeyDerivation.LABEL_RTP_AUTH, SrtpProfile.AUTH_KEY_LENGTH)
                        : null,
                SrtpKeyDerivation.derive(k, s, SrtpKeyDerivation.LABEL_RTCP_ENCRYPTION, keyLen),
                SrtpKeyDerivation.derive(k, s, SrtpKeyDerivation.LABEL_RTCP_SALT, saltLen),
                mac
                        ? SrtpKeyDerivation.derive(k, s, SrtpKeyDerivation.LABEL_RTCP_AUTH, SrtpProfile.AUTH_KEY_LENGTH)
                        : null,
                allowRepeatTx,
                replayWindow,
                maxStreams);
    }

    /**
     * A context from session keys directly, skipping key derivation, for test vectors stated in session keys
     * (RFC 7714 §16–17) and the same keys for SRTP and SRTCP. {@code authKey} is ignored for GCM.
     */
    public static SrtpContext fromSessionKeys(SrtpProfile profile, byte[] encryptionKey, byte[] salt, byte[] authKey) {
        if (encryptionKey.length != profile.keyLength() || salt.length != profile.saltLength()) {
            throw new IllegalArgumentException("session key/salt length does not match " + profile);
        }
        return new SrtpContext(
                profile,
                encryptionKey,
                salt,
                authKey,
                encryptionKey,
                salt,
                authKey,
                false,
                DEFAULT_REPLAY_WINDOW,
                DEFAULT_MAX_STREAMS);
    }

    /** The protection profile. */
    public SrtpProfile profile() {
        return profile;
    }

    // ---------------------------------------------------------------- SRTP

    /**
     * Protects the RTP packet in {@code buf[offset, offset + length)} in place; the buffer needs
     * {@link SrtpProfile#rtpOverhead()} more bytes after it. Returns the SRTP length or a negative error.
     */
    public int protectRtp(byte[] buf, int offset, int length) {
        int headerLength = rtpHeaderLength(buf, offset, length);
        if (headerLength < 0) {
            malformed++;
            return ERR_MALFORMED;
        }
        return protectRtp(buf, offset, headerLength, buf, offset + headerLength, length - headerLength);
    }

    /**
     * Protects an RTP packet whose header (possibly rewritten for this viewer) is already at
     * {@code dst[dstOffset, dstOffset + headerLength)} and whose payload is read from a shared, untouched buffer:
     * the payload is encrypted straight into {@code dst}, so fanning one packet out to many viewers costs one
     * encryption per viewer and no extra copy. {@code dst} needs room for header, payload and tag.
     */
    public int protectRtp(
            byte[] dst, int dstOffset, int headerLength, byte[] payload, int payloadOffset, int payloadLength) {
        if (headerLength < RTP_HEADER
                || payloadLength < 0
                || dstOffset < 0
                || dstOffset > dst.length - headerLength
                || (dst[dstOffset] & 0xC0) != 0x80
                || payloadOffset < 0
                || payloadOffset > payload.length - payloadLength) {
            malformed++;
            return ERR_MALFORMED;
        }
        int total = headerLength + payloadLength;
        if (dst.length - dstOffset - total < tagLength) {
            otherFailures++;
            return ERR_BUFFER;
        }
        int seq = readShort(dst, dstOffset + 2);
        int ssrc = readInt(dst, dstOffset + 8);
        SrtpStream stream = stream(ssrc, true);
        if (stream == null) {
            otherFailures++;
            return ERR_STREAM_LIMIT;
        }
        long index = stream.estimateIndex(seq);
        if (index < 0 || (!allowRepeatTx && !stream.rtpWindow.check(index))) {
            replayDrops++;
            return ERR_REPLAY;
        }
        int roc = (int) (index >>> 16);
        int payloadStart = dstOffset + headerLength;
        try {
            if (aead) {
                gcmRtpIv(ssrc, roc, seq);
                initGcm(rtpCipher, Cipher.ENCRYPT_MODE, rtpKey);
                rtpCipher.updateAAD(dst, dstOffset, headerLength);
                rtpCipher.doFinal(payload, payloadOffset, payloadLength, dst, payloadStart);
            } else {
                ctrIv(rtpSalt, ssrc, index);
                rtpCipher.init(Cipher.ENCRYPT_MODE, rtpKey, new IvParameterSpec(iv));
                rtpCipher.doFinal(payload, payloadOffset, payloadLength, dst, payloadStart);
                rtpTag(dst, dstOffset, total, roc);
                System.arraycopy(macOut, 0, dst, dstOffset + total, tagLength);
            }
        } catch (GeneralSecurityException e) {
            otherFailures++;
            return ERR_CRYPTO;
        }
        stream.rtpWindow.update(index);
        stream.update(index);
        rtpProtected++;
        return total + tagLength;
    }

    /**
     * Authenticates, replay-checks and decrypts the SRTP packet in {@code buf[offset, offset + length)} in place.
     * Returns the RTP length or a negative error; on error the buffer may hold garbage.
     */
    public int unprotectRtp(byte[] buf, int offset, int length) {
        int headerLength = rtpHeaderLength(buf, offset, length);
        if (headerLength < 0 || length - headerLength < tagLength) {
            malformed++;
            return ERR_MALFORMED;
        }
        int seq = readShort(buf, offset + 2);
        int ssrc = readInt(buf, offset + 8);
        SrtpStream stream = stream(ssrc, false);
        // Unknown SSRCs get provisional state that is kept only if the packet authenticates.
        boolean known = stream != null;
        if (!known) {
            stream = new SrtpStream(ssrc, windowSize);
        }
        long index = stream.estimateIndex(seq);
        if (!stream.rtpWindow.check(index)) {
            replayDrops++;
            return ERR_REPLAY;
        }
        int roc = (int) (index >>> 16);
        int payloadStart = offset + headerLength;
        int plainLength;
        try {
            if (aead) {
                int cipherLength = length - headerLength;
                gcmRtpIv(ssrc, roc, seq);
                rtpCipher.init(Cipher.DECRYPT_MODE, rtpKey, new GCMParameterSpec(128, iv));
                rtpCipher.updateAAD(buf, offset, headerLength);
                byte[] out = scratch(cipherLength);
                int n = rtpCipher.doFinal(buf, payloadStart, cipherLength, out, 0);
                System.arraycopy(out, 0, buf, payloadStart, n);
                plainLength = headerLength + n;
            } else {
                int authenticated = length - tagLength;
                rtpTag(buf, offset, authenticated, roc);
                if (!constantTimeEquals(macOut, buf, offset + authenticated, tagLength)) {
                    authFailures++;
                    return ERR_AUTH;
                }
                ctrIv(rtpSalt, ssrc, index);
                rtpCipher.init(Cipher.DECRYPT_MODE, rtpKey, new IvParameterSpec(iv));
                rtpCipher.doFinal(buf, payloadStart, authenticated - headerLength, buf, payloadStart);
                plainLength = authenticated;
            }
        } catch (AEADBadTagException e) {
            authFailures++;
            return ERR_AUTH;
        } catch (GeneralSecurityException e) {
            otherFailures++;
            return ERR_CRYPTO;
        }
        if (!known && (stream = adopt(stream)) == null) {
            otherFailures++;
            return ERR_STREAM_LIMIT;
        }
        stream.rtpWindow.update(index);
        stream.update(index);
        rtpUnprotected++;
        return plainLength;
    }

    // ---------------------------------------------------------------- SRTCP

    /**
     * Protects the (compound) RTCP packet in {@code buf[offset, offset + length)} in place with the next SRTCP
     * index of its sender SSRC, encrypted (E = 1); the buffer needs {@link SrtpProfile#rtcpOverhead()} more bytes.
     */
    public int protectRtcp(byte[] buf, int offset, int length) {
        if (offset < 0 || length < RTCP_HEADER || offset > buf.length - length || (buf[offset] & 0xC0) != 0x80) {
            malformed++;
            return ERR_MALFORMED;
        }
        if (buf.length - offset - length < tagLength + SrtpProfile.SRTCP_INDEX_LENGTH) {
            otherFailures++;
            return ERR_BUFFER;
        }
        int ssrc = readInt(buf, offset + 4);
        SrtpStream stream = stream(ssrc, true);
        if (stream == null) {
            otherFailures++;
            return ERR_STREAM_LIMIT;
        }
        long index = stream.nextSrtcpIndex;
        if (index > MAX_SRTCP_INDEX) {
            otherFailures++;
            return ERR_INDEX_EXHAUSTED;
        }
        int eIndex = E_FLAG | (int) index;
        int bodyStart = offset + RTCP_HEADER;
        int bodyLength = length - RTCP_HEADER;
        int total;
        try {
            if (aead) {
                gcmRtcpIv(ssrc, (int) index);
                initGcm(rtcpCipher, Cipher.ENCRYPT_MODE, rtcpKey);
                writeInt(word, 0, eIndex);
                rtcpCipher.updateAAD(buf, offset, RTCP_HEADER);
                rtcpCipher.updateAAD(word, 0, 4);
                int n = rtcpCipher.doFinal(buf, bodyStart, bodyLength, buf, bodyStart);
                writeInt(buf, bodyStart + n, eIndex);
                total = RTCP_HEADER + n + 4;
            } else {
                ctrIv(rtcpSalt, ssrc, index);
                rtcpCipher.init(Cipher.ENCRYPT_MODE, rtcpKey, new IvParameterSpec(iv));
                rtcpCipher.doFinal(buf, bodyStart, bodyLength, buf, bodyStart);
                writeInt(buf, offset + length, eIndex);
                rtcpMac.update(buf, offset, length + 4);
                rtcpMac.doFinal(macOut, 0);
                System.arraycopy(macOut, 0, buf, offset + length + 4, tagLength);
                total = length + 4 + tagLength;
            }
        } catch (GeneralSecurityException e) {
            otherFailures++;
            return ERR_CRYPTO;
        }
        stream.nextSrtcpIndex = index + 1;
        rtcpProtected++;
        return total;
    }

    /**
     * Authenticates, replay-checks and (when E = 1) decrypts the SRTCP packet in place. Returns the RTCP length or a
     * negative error.
     */
    public int unprotectRtcp(byte[] buf, int offset, int length) {
        int trailer = tagLength + SrtpProfile.SRTCP_INDEX_LENGTH;
        if (offset < 0
                || length < RTCP_HEADER + trailer
                || offset > buf.length - length
                || (buf[offset] & 0xC0) != 0x80) {
            malformed++;
            return ERR_MALFORMED;
        }
        int ssrc = readInt(buf, offset + 4);
        // GCM: ... tag | E+index (RFC 7714 §9.2). AES-CM: ... E+index | tag (RFC 3711 §3.4).
        int eIndexOffset = aead ? offset + length - 4 : offset + length - trailer;
        int eIndex = readInt(buf, eIndexOffset);
        boolean encrypted = (eIndex & E_FLAG) != 0;
        long index = eIndex & MAX_SRTCP_INDEX;
        SrtpStream stream = stream(ssrc, false);
        boolean known = stream != null;
        if (!known) {
            stream = new SrtpStream(ssrc, windowSize);
        }
        if (!stream.rtcpWindow.check(index)) {
            replayDrops++;
            return ERR_REPLAY;
        }
        int bodyStart = offset + RTCP_HEADER;
        int plainLength = length - trailer;
        try {
            if (aead) {
                gcmRtcpIv(ssrc, (int) index);
                rtcpCipher.init(Cipher.DECRYPT_MODE, rtcpKey, new GCMParameterSpec(128, iv));
                if (encrypted) {
                    rtcpCipher.updateAAD(buf, offset, RTCP_HEADER);
                    rtcpCipher.updateAAD(buf, eIndexOffset, 4);
                    int cipherLength = length - RTCP_HEADER - 4;
                    byte[] out = scratch(cipherLength);
                    int n = rtcpCipher.doFinal(buf, bodyStart, cipherLength, out, 0);
                    System.arraycopy(out, 0, buf, bodyStart, n);
                } else {
                    // RFC 7714 §9.3: unencrypted SRTCP authenticates the whole packet and E+index; only the tag is
                    // "ciphertext".
                    rtcpCipher.updateAAD(buf, offset, plainLength);
                    rtcpCipher.updateAAD(buf, eIndexOffset, 4);
                    rtcpCipher.doFinal(buf, offset + plainLength, tagLength, scratch(tagLength), 0);
                }
            } else {
                int authenticated = length - tagLength;
                rtcpMac.update(buf, offset, authenticated);
                rtcpMac.doFinal(macOut, 0);
                if (!constantTimeEquals(macOut, buf, offset + authenticated, tagLength)) {
                    authFailures++;
                    return ERR_AUTH;
                }
                if (encrypted) {
                    ctrIv(rtcpSalt, ssrc, index);
                    rtcpCipher.init(Cipher.DECRYPT_MODE, rtcpKey, new IvParameterSpec(iv));
                    rtcpCipher.doFinal(buf, bodyStart, plainLength - RTCP_HEADER, buf, bodyStart);
                }
            }
        } catch (AEADBadTagException e) {
            authFailures++;
            return ERR_AUTH;
        } catch (GeneralSecurityException e) {
            otherFailures++;
            return ERR_CRYPTO;
        }
        if (!known && (stream = adopt(stream)) == null) {
            otherFailures++;
            return ERR_STREAM_LIMIT;
        }
        stream.rtcpWindow.update(index);
        rtcpUnprotected++;
        return plainLength;
    }

    // ---------------------------------------------------------------- counters

    /** RTP packets protected. */
    public long rtpProtected() {
        return rtpProtected;
    }

    /** SRTP packets unprotected successfully. */
    public long rtpUnprotected() {
        return rtpUnprotected;
    }

    /** RTCP packets protected. */
    public long rtcpProtected() {
        return rtcpProtected;
    }

    /** SRTCP packets unprotected successfully. */
    public long rtcpUnprotected() {
        return rtcpUnprotected;
    }

    /** Packets whose tag did not verify. */
    public long authFailures() {
        return authFailures;
    }

    /** Packets refused as replays or too old (and repeated indices on send). */
    public long replayDrops() {
        return replayDrops;
    }

    /** Packets too short or not version 2. */
    public long malformed() {
        return malformed;
    }

    /** Buffer, stream-limit, index-exhaustion and cipher failures. */
    public long otherFailures() {
        return otherFailures;
    }

    /** The rollover counter of an SSRC's stream, or -1 when it is not tracked. */
    public long rolloverCounter(int ssrc) {
        SrtpStream s = stream(ssrc, false);
        return s == null ? -1 : s.rolloverCounter();
    }

    /** Number of SSRCs tracked. */
    public int streamCount() {
        return streamCount;
    }

    /** Sets the next SRTCP index an SSRC will send; for test vectors and for resuming after a restart. */
    public void setNextSrtcpIndex(int ssrc, long index) {
        if (index < 0 || index > MAX_SRTCP_INDEX + 1) {
            throw new IllegalArgumentException("SRTCP index is 31 bits");
        }
        SrtpStream s = stream(ssrc, true);
        if (s == null) {
            throw new IllegalStateException("stream limit reached");
        }
        s.nextSrtcpIndex = index;
    }

    // ---------------------------------------------------------------- internals

    private SrtpStream stream(int ssrc, boolean create) {
        SrtpStream last = lastStream;
        if (last != null && last.ssrc == ssrc) {
            return last;
        }
        for (int i = 0; i < streamCount; i++) {
            if (ssrcs[i] == ssrc) {
                lastStream = streams[i];
                return streams[i];
            }
        }
        return create ? adopt(new SrtpStream(ssrc, windowSize)) : null;
    }

    private SrtpStream adopt(SrtpStream s) {
        if (streamCount == maxStreams) {
            return null;
        }
        ssrcs[streamCount] = s.ssrc;
        streams[streamCount++] = s;
        lastStream = s;
        return s;
    }

    /** RTP header length including CSRCs and extension, or -1 when malformed (RFC 3550 §5.1, §5.3.1). */
    static int rtpHeaderLength(byte[] buf, int offset, int length) {
        if (buf == null
                || offset < 0
                || length < RTP_HEADER
                || offset > buf.length - length
                || (buf[offset] & 0xC0) != 0x80) {
            return -1;
        }
        int b0 = buf[offset] & 0xFF;
        int headerLength = RTP_HEADER + 4 * (b0 & 0x0F);
        if ((b0 & 0x10) != 0) {
            if (headerLength + 4 > length) {
                return -1;
            }
            headerLength += 4 + 4 * readShort(buf, offset + headerLength + 2);
        }
        return headerLength <= length ? headerLength : -1;
    }

    /** AES-CM IV (RFC 3711 §4.1.1): salt ‖ 0x0000, SSRC xored into bytes 4–7, the 48-bit index into 8–13. */
    private void ctrIv(byte[] salt, int ssrc, long index) {
        System.arraycopy(salt, 0, iv, 0, 14);
        iv[14] = 0;
        iv[15] = 0;
        iv[4] ^= (byte) (ssrc >>> 24);
        iv[5] ^= (byte) (ssrc >>> 16);
        iv[6] ^= (byte) (ssrc >>> 8);
        iv[7] ^= (byte) ssrc;
        iv[8] ^= (byte) (index >>> 40);
        iv[9] ^= (byte) (index >>> 32);
        iv[10] ^= (byte) (index >>> 24);
        iv[11] ^= (byte) (index >>> 16);
        iv[12] ^= (byte) (index >>> 8);
        iv[13] ^= (byte) index;
    }

    /** GCM SRTP IV (RFC 7714 §8.1): (00 00 ‖ SSRC ‖ ROC ‖ SEQ) ⊕ salt. */
    private void gcmRtpIv(int ssrc, int roc, int seq) {
        System.arraycopy(rtpSalt, 0, iv, 0, 12);
        iv[2] ^= (byte) (ssrc >>> 24);
        iv[3] ^= (byte) (ssrc >>> 16);
        iv[4] ^= (byte) (ssrc >>> 8);
        iv[5] ^= (byte) ssrc;
        iv[6] ^= (byte) (roc >>> 24);
        iv[7] ^= (byte) (roc >>> 16);
        iv[8] ^= (byte) (roc >>> 8);
        iv[9] ^= (byte) roc;
        iv[10] ^= (byte) (seq >>> 8);
        iv[11] ^= (byte) seq;
    }

    /** GCM SRTCP IV (RFC 7714 §9.1): (00 00 ‖ SSRC ‖ 00 00 ‖ 0 ‖ 31-bit index) ⊕ salt. */
    private void gcmRtcpIv(int ssrc, int index) {
        System.arraycopy(rtcpSalt, 0, iv, 0, 12);
        iv[2] ^= (byte) (ssrc >>> 24);
        iv[3] ^= (byte) (ssrc >>> 16);
        iv[4] ^= (byte) (ssrc >>> 8);
        iv[5] ^= (byte) ssrc;
        iv[8] ^= (byte) (index >>> 24);
        iv[9] ^= (byte) (index >>> 16);
        iv[10] ^= (byte) (index >>> 8);
        iv[11] ^= (byte) index;
    }

    /**
     * Initialises GCM for encryption. The JCE refuses an IV equal to the previous one under the same key, which only
     * happens when an identical packet is protected again with {@code allowRepeatTx}; a throwaway IV resets that
     * guard.
     */
    private void initGcm(Cipher cipher, int mode, SecretKeySpec key) throws GeneralSecurityException {
        try {
            cipher.init(mode, key, new GCMParameterSpec(128, iv));
        } catch (InvalidAlgorithmParameterException reuse) {
            if (!allowRepeatTx) {
                throw reuse;
            }
            byte[] other = iv.clone();
            other[0] ^= 1;
            cipher.init(mode, key, new GCMParameterSpec(128, other));
            cipher.init(mode, key, new GCMParameterSpec(128, iv));
        }
    }

    /** HMAC-SHA1 over the packet and the ROC (RFC 3711 §4.2) into {@link #macOut}. */
    private void rtpTag(byte[] buf, int offset, int length, int roc) {
        rtpMac.update(buf, offset, length);
        writeInt(word, 0, roc);
        rtpMac.update(word, 0, 4);
        try {
            rtpMac.doFinal(macOut, 0);
        } catch (javax.crypto.ShortBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] scratch(int length) {
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, scratch.length * 2)];
        }
        return scratch;
    }

    private static boolean constantTimeEquals(byte[] a, byte[] b, int bOffset, int length) {
        int diff = 0;
        for (int i = 0; i < length; i++) {
            diff |= a[i] ^ b[bOffset + i];
        }
        return diff == 0;
    }

    static int readShort(byte[] b, int p) {
        return ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
    }

    static int readInt(byte[] b, int p) {
        return ((b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
    }

    static void writeInt(byte[] b, int p, int v) {
        b[p] = (byte) (v >>> 24);
        b[p + 1] = (byte) (v >>> 16);
        b[p + 2] = (byte) (v >>> 8);
        b[p + 3] = (byte) v;
    }

    @Override
    public String toString() {
        return "SrtpContext[" + profile + ", streams=" + streamCount + "]";
    }
}
