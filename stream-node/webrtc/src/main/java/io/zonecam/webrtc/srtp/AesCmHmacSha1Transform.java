package io.zonecam.webrtc.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AesCmHmacSha1Transform is AES_CM_128_HMAC_SHA1_80 (RFC 3711): AES in counter mode with the IV
 * (k_s × 2^16) ⊕ (SSRC × 2^64) ⊕ (index × 2^16) (§4.1.1), and an HMAC-SHA1 tag truncated to 80 bits over the packet
 * and the ROC (§4.2). SRTCP appends E‖index, then the tag over the packet and E‖index (§3.4).
 */
final class AesCmHmacSha1Transform extends SrtpTransform {

    private final Mac rtpMac;
    private final Mac rtcpMac;
    private final byte[] macOut = new byte[20];

    AesCmHmacSha1Transform(SrtpProfile profile, SrtpSessionKeys rtpKeys, SrtpSessionKeys rtcpKeys) {
        super(profile, rtpKeys, rtcpKeys, "AES/CTR/NoPadding", 16);
        try {
            this.rtpMac = Mac.getInstance("HmacSHA1");
            this.rtpMac.init(new SecretKeySpec(rtpKeys.authKey(), "HmacSHA1"));
            this.rtcpMac = Mac.getInstance("HmacSHA1");
            this.rtcpMac.init(new SecretKeySpec(rtcpKeys.authKey(), "HmacSHA1"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is required by every Java platform", e);
        }
    }

    @Override
    int protectRtp(
            byte[] dst, int offset, int headerLength, byte[] payload, int payloadOffset, int payloadLength, long index)
            throws GeneralSecurityException {
        int total = headerLength + payloadLength;
        ctrIv(rtp.salt(), rtpSsrc(dst, offset), index);
        rtp.cipher().init(Cipher.ENCRYPT_MODE, rtp.key(), new IvParameterSpec(iv));
        rtp.cipher().doFinal(payload, payloadOffset, payloadLength, dst, offset + headerLength);
        rtpTag(dst, offset, total, (int) (index >>> 16));
        System.arraycopy(macOut, 0, dst, offset + total, tagLength);
        return total + tagLength;
    }

    @Override
    int unprotectRtp(byte[] buf, int offset, int headerLength, int length, long index) throws GeneralSecurityException {
        int authenticated = length - tagLength;
        rtpTag(buf, offset, authenticated, (int) (index >>> 16));
        if (!Bytes.constantTimeEquals(macOut, buf, offset + authenticated, tagLength)) {
            return SrtpContext.ERR_AUTH;
        }
        ctrIv(rtp.salt(), rtpSsrc(buf, offset), index);
        rtp.cipher().init(Cipher.DECRYPT_MODE, rtp.key(), new IvParameterSpec(iv));
        int payloadStart = offset + headerLength;
        rtp.cipher().doFinal(buf, payloadStart, authenticated - headerLength, buf, payloadStart);
        return authenticated;
    }

    @Override
    int protectRtcp(byte[] buf, int offset, int length, int eIndex) throws GeneralSecurityException {
        int bodyStart = offset + SrtpContext.RTCP_HEADER;
        ctrIv(rtcp.salt(), rtcpSsrc(buf, offset), eIndex & ~E_FLAG);
        rtcp.cipher().init(Cipher.ENCRYPT_MODE, rtcp.key(), new IvParameterSpec(iv));
        rtcp.cipher().doFinal(buf, bodyStart, length - SrtpContext.RTCP_HEADER, buf, bodyStart);
        Bytes.writeInt(buf, offset + length, eIndex);
        rtcpMac.update(buf, offset, length + 4);
        rtcpMac.doFinal(macOut, 0);
        System.arraycopy(macOut, 0, buf, offset + length + 4, tagLength);
        return length + 4 + tagLength;
    }

    @Override
    int srtcpIndexOffset(int offset, int length) {
        return offset + length - tagLength - SrtpProfile.SRTCP_INDEX_LENGTH; // ... E‖index | tag (RFC 3711 §3.4)
    }

    @Override
    int unprotectRtcp(byte[] buf, int offset, int length, int eIndex) throws GeneralSecurityException {
        int authenticated = length - tagLength;
        rtcpMac.update(buf, offset, authenticated);
        rtcpMac.doFinal(macOut, 0);
        if (!Bytes.constantTimeEquals(macOut, buf, offset + authenticated, tagLength)) {
            return SrtpContext.ERR_AUTH;
        }
        int plainLength = authenticated - SrtpProfile.SRTCP_INDEX_LENGTH;
        if ((eIndex & E_FLAG) != 0) {
            int bodyStart = offset + SrtpContext.RTCP_HEADER;
            ctrIv(rtcp.salt(), rtcpSsrc(buf, offset), eIndex & ~E_FLAG);
            rtcp.cipher().init(Cipher.DECRYPT_MODE, rtcp.key(), new IvParameterSpec(iv));
            rtcp.cipher().doFinal(buf, bodyStart, plainLength - SrtpContext.RTCP_HEADER, buf, bodyStart);
        }
        return plainLength;
    }

    /** AES-CM IV (RFC 3711 §4.1.1): salt ‖ 0x0000, SSRC xored into bytes 4–7, the 48-bit index into 8–13. */
    private void ctrIv(byte[] salt, int ssrc, long index) {
        System.arraycopy(salt, 0, iv, 0, 14);
        iv[14] = 0;
        iv[15] = 0;
        Bytes.xorInt(iv, 4, ssrc);
        Bytes.xorLow48(iv, 8, index);
    }

    /** HMAC-SHA1 over the packet and the ROC (RFC 3711 §4.2) into {@link #macOut}. */
    private void rtpTag(byte[] buf, int offset, int length, int roc) {
        rtpMac.update(buf, offset, length);
        Bytes.writeInt(word, 0, roc);
        rtpMac.update(word, 0, 4);
        try {
            rtpMac.doFinal(macOut, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        }
    }
}
