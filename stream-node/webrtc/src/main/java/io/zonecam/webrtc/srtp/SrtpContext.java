package io.zonecam.webrtc.srtp;

import java.security.GeneralSecurityException;
import java.util.Objects;
import javax.crypto.AEADBadTagException;

/**
 * SrtpContext protects or unprotects the SRTP and SRTCP packets of one direction of one viewer (RFC 3711, RFC 7714).
 *
 * <p>Create one for what the node sends (from the outbound master key) and one for what the browser sends (inbound).
 * Packets are transformed in the caller's buffer; nothing is allocated per packet on the AES-CM path and only the
 * JCE's parameter objects on the GCM path. Methods return the new packet length, or a negative {@code ERR_*} code
 * that is also counted: the hot path never throws on bad input.
 *
 * <p>The cryptography of each profile is an {@link SrtpTransform}: {@link AesCmHmacSha1Transform} (RFC 3711) or
 * {@link AesGcmTransform} (RFC 7714). This class does what is the same for all of them:
 * <ul>
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
    /** RTCP's first 8 bytes (header and sender SSRC), sent in clear in SRTCP. */
    static final int RTCP_HEADER = 8;

    private static final long MAX_SRTCP_INDEX = 0x7FFFFFFFL;

    private final SrtpProfile profile;
    private final SrtpTransform transform;
    private final int tagLength;
    private final boolean allowRepeatTx;
    private final int windowSize;

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
            SrtpSessionKeys rtp,
            SrtpSessionKeys rtcp,
            boolean allowRepeatTx,
            int windowSize,
            int maxStreams) {
        this.profile = Objects.requireNonNull(profile, "profile");
        this.transform = profile.aead()
                ? new AesGcmTransform(profile, rtp, rtcp, allowRepeatTx)
                : new AesCmHmacSha1Transform(profile, rtp, rtcp);
        this.tagLength = transform.tagLength();
        this.allowRepeatTx = allowRepeatTx;
        this.windowSize = windowSize;
        if (maxStreams < 1) {
            throw new IllegalArgumentException("maxStreams must be positive");
        }
        this.maxStreams = maxStreams;
        this.ssrcs = new int[maxStreams];
        this.streams = new SrtpStream[maxStreams];
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
        return new SrtpContext(
                masterKey.profile(),
                SrtpSessionKeys.rtp(masterKey),
                SrtpSessionKeys.rtcp(masterKey),
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
        SrtpSessionKeys keys = new SrtpSessionKeys(encryptionKey.clone(), salt.clone(), authKey);
        return new SrtpContext(profile, keys, keys, false, DEFAULT_REPLAY_WINDOW, DEFAULT_MAX_STREAMS);
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
        int seq = Bytes.readShort(dst, dstOffset + 2);
        int ssrc = Bytes.readInt(dst, dstOffset + 8);
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
        int n;
        try {
            n = transform.protectRtp(dst, dstOffset, headerLength, payload, payloadOffset, payloadLength, index);
        } catch (GeneralSecurityException e) {
            otherFailures++;
            return ERR_CRYPTO;
        }
        stream.rtpWindow.update(index);
        stream.update(index);
        rtpProtected++;
        return n;
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
        int seq = Bytes.readShort(buf, offset + 2);
        return receive(false, Bytes.readInt(buf, offset + 8), seq, buf, offset, headerLength, length);
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
        int ssrc = Bytes.readInt(buf, offset + 4);
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
        int total;
        try {
            total = transform.protectRtcp(buf, offset, length, SrtpTransform.E_FLAG | (int) index);
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
        int eIndex = Bytes.readInt(buf, transform.srtcpIndexOffset(offset, length));
        return receive(true, Bytes.readInt(buf, offset + 4), eIndex, buf, offset, 0, length);
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

    /**
     * The receive steps SRTP and SRTCP share (RFC 3711 §3.3, §3.4): replay check, authentication and decryption in
     * place, then the index enters the replay window. {@code number} is the RTP sequence number or the SRTCP E‖index
     * word. An unknown SSRC gets provisional state, kept only if the packet authenticates: forged packets leave none.
     */
    private int receive(boolean rtcp, int ssrc, int number, byte[] buf, int offset, int headerLength, int length) {
        SrtpStream stream = stream(ssrc, false);
        boolean known = stream != null;
        if (!known) {
            stream = new SrtpStream(ssrc, windowSize);
        }
        long index = rtcp ? number & MAX_SRTCP_INDEX : stream.estimateIndex(number);
        ReplayWindow window = rtcp ? stream.rtcpWindow : stream.rtpWindow;
        if (!window.check(index)) {
            replayDrops++;
            return ERR_REPLAY;
        }
        int plainLength;
        try {
            plainLength = rtcp
                    ? transform.unprotectRtcp(buf, offset, length, number)
                    : transform.unprotectRtp(buf, offset, headerLength, length, index);
        } catch (GeneralSecurityException e) {
            plainLength = e instanceof AEADBadTagException ? ERR_AUTH : ERR_CRYPTO;
        }
        if (plainLength < 0) {
            return failed(plainLength);
        }
        if (!known && adopt(stream) == null) {
            return failed(ERR_STREAM_LIMIT);
        }
        window.update(index);
        if (rtcp) {
            rtcpUnprotected++;
        } else {
            stream.update(index);
            rtpUnprotected++;
        }
        return plainLength;
    }

    /**
     * Counts an unprotect that failed: a bad tag (returned or thrown, as {@link SrtpTransform} allows) as an
     * authentication failure, anything else as another failure; returns the error.
     */
    private int failed(int error) {
        if (error == ERR_AUTH) {
            authFailures++;
        } else {
            otherFailures++;
        }
        return error;
    }

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
            headerLength += 4 + 4 * Bytes.readShort(buf, offset + headerLength + 2);
        }
        return headerLength <= length ? headerLength : -1;
    }

    @Override
    public String toString() {
        return "SrtpContext[" + profile + ", streams=" + streamCount + "]";
    }
}
