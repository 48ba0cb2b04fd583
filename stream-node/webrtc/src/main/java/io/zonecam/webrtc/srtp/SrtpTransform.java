package io.zonecam.webrtc.srtp;

import java.security.GeneralSecurityException;

/**
 * SrtpTransform is the cryptography of one SRTP protection profile for one direction: how a packet index becomes an
 * IV, what is encrypted and what is authenticated, and where the tag and the SRTCP index go. {@link SrtpContext}
 * does everything else (header parsing, index estimation, replay windows, stream state, counters) the same way for
 * every profile.
 *
 * <p>Packets are transformed in the caller's buffer. An authentication failure is returned as
 * {@link SrtpContext#ERR_AUTH} or thrown as {@link javax.crypto.AEADBadTagException}; other cipher failures throw.
 * Not thread-safe: one thread per context.
 */
interface SrtpTransform {

    /** Bytes of authentication tag after each packet. */
    int tagLength();

    /**
     * Encrypts an RTP payload read from {@code payload} into {@code dst} right after the header at
     * {@code dst[offset, offset + headerLength)}, then appends the tag; returns the SRTP length.
     */
    int protectRtp(
            byte[] dst,
            int offset,
            int headerLength,
            byte[] payload,
            int payloadOffset,
            int payloadLength,
            int ssrc,
            long index)
            throws GeneralSecurityException;

    /**
     * Authenticates and decrypts the SRTP packet {@code buf[offset, offset + length)} in place; returns the RTP length
     * or {@link SrtpContext#ERR_AUTH}.
     */
    int unprotectRtp(byte[] buf, int offset, int headerLength, int length, int ssrc, long index)
            throws GeneralSecurityException;

    /**
     * Encrypts the RTCP packet {@code buf[offset, offset + length)} in place after its first 8 bytes and adds the
     * {@code eIndex} word (E flag and SRTCP index) and the tag where the profile puts them; returns the SRTCP length.
     */
    int protectRtcp(byte[] buf, int offset, int length, int ssrc, int eIndex) throws GeneralSecurityException;

    /** Where the E/index word of the SRTCP packet {@code buf[offset, offset + length)} is. */
    int srtcpIndexOffset(int offset, int length);

    /**
     * Authenticates the SRTCP packet in place and decrypts it when {@code eIndex} has the E flag; returns the RTCP
     * length or {@link SrtpContext#ERR_AUTH}.
     */
    int unprotectRtcp(byte[] buf, int offset, int length, int ssrc, int eIndex) throws GeneralSecurityException;
}
