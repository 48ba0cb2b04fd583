package io.zonecam.webrtc.srtp;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AesGcmTransform is AEAD_AES_128_GCM and AEAD_AES_256_GCM (RFC 7714): IV = (0 ‖ SSRC ‖ ROC ‖ SEQ) ⊕ salt with the
 * RTP header as additional data (§8); SRTCP uses IV = (0 ‖ SSRC ‖ 0 ‖ index) ⊕ salt, authenticates the first 8 bytes
 * and E‖index, and puts E‖index after the tag (§9). A 16-byte tag; nothing but the JCE's parameter objects is
 * allocated per packet.
 */
final class AesGcmTransform extends SrtpTransform {

    private static final int TAG_BITS = 128;

    private final boolean allowRepeatTx;
    private byte[] scratch = new byte[2048];

    /**
     * @param allowRepeatTx the context may protect an index again (an identical retransmission), which the JCE's
     *                      IV-reuse guard would otherwise refuse
     */
    AesGcmTransform(SrtpProfile profile, SrtpSessionKeys rtpKeys, SrtpSessionKeys rtcpKeys, boolean allowRepeatTx) {
        super(profile, rtpKeys, rtcpKeys, "AES/GCM/NoPadding", 12);
        this.allowRepeatTx = allowRepeatTx;
    }

    @Override
    int protectRtp(
            byte[] dst, int offset, int headerLength, byte[] payload, int payloadOffset, int payloadLength, long index)
            throws GeneralSecurityException {
        rtpIv(rtpSsrc(dst, offset), index);
        initForEncryption(rtp);
        rtp.cipher().updateAAD(dst, offset, headerLength);
        int n = rtp.cipher().doFinal(payload, payloadOffset, payloadLength, dst, offset + headerLength);
        return headerLength + n;
    }

    @Override
    int unprotectRtp(byte[] buf, int offset, int headerLength, int length, long index) throws GeneralSecurityException {
        int cipherLength = length - headerLength;
        rtpIv(rtpSsrc(buf, offset), index);
        rtp.cipher().init(Cipher.DECRYPT_MODE, rtp.key(), new GCMParameterSpec(TAG_BITS, iv));
        rtp.cipher().updateAAD(buf, offset, headerLength);
        byte[] out = scratch(cipherLength);
        int n = rtp.cipher().doFinal(buf, offset + headerLength, cipherLength, out, 0);
        System.arraycopy(out, 0, buf, offset + headerLength, n);
        return headerLength + n;
    }

    @Override
    int protectRtcp(byte[] buf, int offset, int length, int eIndex) throws GeneralSecurityException {
        int bodyStart = offset + SrtpContext.RTCP_HEADER;
        rtcpIv(rtcpSsrc(buf, offset), eIndex & ~E_FLAG);
        initForEncryption(rtcp);
        Bytes.writeInt(word, 0, eIndex);
        rtcp.cipher().updateAAD(buf, offset, SrtpContext.RTCP_HEADER);
        rtcp.cipher().updateAAD(word, 0, 4);
        int n = rtcp.cipher().doFinal(buf, bodyStart, length - SrtpContext.RTCP_HEADER, buf, bodyStart);
        Bytes.writeInt(buf, bodyStart + n, eIndex);
        return SrtpContext.RTCP_HEADER + n + 4;
    }

    @Override
    int srtcpIndexOffset(int offset, int length) {
        return offset + length - SrtpProfile.SRTCP_INDEX_LENGTH; // ... tag | E‖index (RFC 7714 §9.2)
    }

    @Override
    int unprotectRtcp(byte[] buf, int offset, int length, int eIndex) throws GeneralSecurityException {
        int eIndexOffset = srtcpIndexOffset(offset, length);
        int plainLength = length - tagLength - SrtpProfile.SRTCP_INDEX_LENGTH;
        rtcpIv(rtcpSsrc(buf, offset), eIndex & ~E_FLAG);
        rtcp.cipher().init(Cipher.DECRYPT_MODE, rtcp.key(), new GCMParameterSpec(TAG_BITS, iv));
        if ((eIndex & E_FLAG) != 0) {
            int bodyStart = offset + SrtpContext.RTCP_HEADER;
            rtcp.cipher().updateAAD(buf, offset, SrtpContext.RTCP_HEADER);
            rtcp.cipher().updateAAD(buf, eIndexOffset, 4);
            int cipherLength = length - SrtpContext.RTCP_HEADER - 4;
            byte[] out = scratch(cipherLength);
            int n = rtcp.cipher().doFinal(buf, bodyStart, cipherLength, out, 0);
            System.arraycopy(out, 0, buf, bodyStart, n);
        } else {
            // RFC 7714 §9.3: unencrypted SRTCP authenticates the whole packet and E‖index; only the tag is
            // "ciphertext".
            rtcp.cipher().updateAAD(buf, offset, plainLength);
            rtcp.cipher().updateAAD(buf, eIndexOffset, 4);
            rtcp.cipher().doFinal(buf, offset + plainLength, tagLength, scratch(tagLength), 0);
        }
        return plainLength;
    }

    /** SRTP IV (RFC 7714 §8.1): (00 00 ‖ SSRC ‖ ROC ‖ SEQ) ⊕ salt; ROC ‖ SEQ is the 48-bit index. */
    private void rtpIv(int ssrc, long index) {
        System.arraycopy(rtp.salt(), 0, iv, 0, 12);
        Bytes.xorInt(iv, 2, ssrc);
        Bytes.xorLow48(iv, 6, index);
    }

    /** SRTCP IV (RFC 7714 §9.1): (00 00 ‖ SSRC ‖ 00 00 ‖ 0 ‖ 31-bit index) ⊕ salt. */
    private void rtcpIv(int ssrc, int index) {
        System.arraycopy(rtcp.salt(), 0, iv, 0, 12);
        Bytes.xorInt(iv, 2, ssrc);
        Bytes.xorInt(iv, 8, index);
    }

    /**
     * Initialises GCM for encryption. The JCE refuses an IV equal to the previous one under the same key, which only
     * happens when an identical packet is protected again with {@code allowRepeatTx}; a throwaway IV resets that
     * guard.
     */
    private void initForEncryption(SessionCipher session) throws GeneralSecurityException {
        Cipher cipher = session.cipher();
        SecretKeySpec key = session.key();
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
        } catch (InvalidAlgorithmParameterException reuse) {
            if (!allowRepeatTx) {
                throw reuse;
            }
            byte[] other = iv.clone();
            other[0] ^= 1;
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, other));
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
        }
    }

    private byte[] scratch(int length) {
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, scratch.length * 2)];
        }
        return scratch;
    }
}
