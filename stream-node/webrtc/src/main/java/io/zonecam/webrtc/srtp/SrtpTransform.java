package io.zonecam.webrtc.srtp;

import java.security.GeneralSecurityException;

/**
 * SrtpTransform is the cryptography of one SRTP protection profile for one direction: how a packet index becomes an
 * IV, what is encrypted and what is authenticated, and where the tag and the SRTCP index go. {@link SrtpContext}
 * does everything else (header parsing, index estimation, replay windows, stream state, counters) the same way for
 * every profile. This class holds what every profile keeps: the tag length, one AES session for SRTP and one for
 * SRTCP, and the IV and word buffers reused for every packet.
 *
 * <p>Packets are transformed in the caller's buffer; the SSRC an IV needs is read from the packet itself (RTP bytes
 * 8–11, RTCP bytes 4–7), where the context has checked the header. An authentication failure is returned as
 * {@link SrtpContext#ERR_AUTH} or thrown as {@link javax.crypto.AEADBadTagException}; other cipher failures throw.
 * Not thread-safe: one thread per context.
 */
abstract sealed class SrtpTransform permits AesCmHmacSha1Transform, AesGcmTransform {

    /** The E flag of the SRTCP E‖index word: the packet is encrypted (RFC 3711 §3.4). */
    static final int E_FLAG = 0x80000000;

    /** Bytes of authentication tag after each packet. */
    final int tagLength;

    final SessionCipher rtp;
    final SessionCipher rtcp;

    /** The IV of the packet being transformed. */
    final byte[] iv;

    /** Four bytes of scratch, for the ROC or the E‖index word. */
    final byte[] word = new byte[4];

    /**
     * @param transformation the JCE transformation of both sessions, e.g. {@code AES/CTR/NoPadding}
     * @param ivLength       bytes of IV the transformation takes
     */
    SrtpTransform(
            SrtpProfile profile,
            SrtpSessionKeys rtpKeys,
            SrtpSessionKeys rtcpKeys,
            String transformation,
            int ivLength) {
        this.tagLength = profile.tagLength();
        this.rtp = SessionCipher.of(rtpKeys, transformation);
        this.rtcp = SessionCipher.of(rtcpKeys, transformation);
        this.iv = new byte[ivLength];
    }

    /** Bytes of authentication tag after each packet. */
    final int tagLength() {
        return tagLength;
    }

    /**
     * Encrypts an RTP payload read from {@code payload} into {@code dst} right after the header at
     * {@code dst[offset, offset + headerLength)}, then appends the tag; returns the SRTP length.
     */
    abstract int protectRtp(
            byte[] dst, int offset, int headerLength, byte[] payload, int payloadOffset, int payloadLength, long index)
            throws GeneralSecurityException;

    /**
     * Authenticates and decrypts the SRTP packet {@code buf[offset, offset + length)} in place; returns the RTP length
     * or {@link SrtpContext#ERR_AUTH}.
     */
    abstract int unprotectRtp(byte[] buf, int offset, int headerLength, int length, long index)
            throws GeneralSecurityException;

    /**
     * Encrypts the RTCP packet {@code buf[offset, offset + length)} in place after its first 8 bytes and adds the
     * {@code eIndex} word (E flag and SRTCP index) and the tag where the profile puts them; returns the SRTCP length.
     */
    abstract int protectRtcp(byte[] buf, int offset, int length, int eIndex) throws GeneralSecurityException;

    /** Where the E/index word of the SRTCP packet {@code buf[offset, offset + length)} is. */
    abstract int srtcpIndexOffset(int offset, int length);

    /**
     * Authenticates the SRTCP packet in place and decrypts it when {@code eIndex} has the E flag; returns the RTCP
     * length or {@link SrtpContext#ERR_AUTH}.
     */
    abstract int unprotectRtcp(byte[] buf, int offset, int length, int eIndex) throws GeneralSecurityException;

    /** The SSRC of the RTP packet at {@code offset}. */
    static int rtpSsrc(byte[] packet, int offset) {
        return Bytes.readInt(packet, offset + 8);
    }

    /** The sender SSRC of the RTCP packet at {@code offset}. */
    static int rtcpSsrc(byte[] packet, int offset) {
        return Bytes.readInt(packet, offset + 4);
    }
}
