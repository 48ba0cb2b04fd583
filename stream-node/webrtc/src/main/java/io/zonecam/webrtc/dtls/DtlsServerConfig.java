package io.zonecam.webrtc.dtls;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;

/**
 * DtlsServerConfig holds the limits and preferences of the node's DTLS-SRTP server sessions.
 *
 * @param handshakeTimeout         a handshake not finished within this time fails with
 *                                 {@link DtlsFailure#HANDSHAKE_TIMEOUT}
 * @param initialRetransmitTimeout first retransmission timer of a flight; it doubles on every retransmission
 *                                 (RFC 6347 §4.2.4.1 recommends 1 s)
 * @param maxHandshakeDatagrams    datagrams one handshake may send, retransmissions included, before it fails with
 *                                 {@link DtlsFailure#RETRANSMIT_LIMIT}; bounds what a ClientHello flood can make us
 *                                 send
 * @param inboundQueueCapacity     datagrams buffered between {@code feed} and the handshake thread; more are
 *                                 dropped and counted
 * @param mtu                      largest datagram the server sends; 1200 bytes passes IPv6 and most tunnels
 * @param maxDatagramSize          largest inbound datagram accepted
 * @param maxHandshakeMessageLength largest handshake message a client may announce; BouncyCastle allocates the
 *                                 announced length up front, so this bounds memory per session
 * @param srtpProfiles             SRTP protection profiles in server preference order
 * @param threadFactory            makes the one thread each session runs on
 */
public record DtlsServerConfig(
        Duration handshakeTimeout,
        Duration initialRetransmitTimeout,
        int maxHandshakeDatagrams,
        int inboundQueueCapacity,
        int mtu,
        int maxDatagramSize,
        int maxHandshakeMessageLength,
        List<SrtpProtectionProfile> srtpProfiles,
        ThreadFactory threadFactory) {

    public DtlsServerConfig {
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(initialRetransmitTimeout, "initialRetransmitTimeout");
        Objects.requireNonNull(threadFactory, "threadFactory");
        if (handshakeTimeout.toMillis() < 1 || handshakeTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("handshakeTimeout out of range: " + handshakeTimeout);
        }
        if (initialRetransmitTimeout.toMillis() < 1 || initialRetransmitTimeout.compareTo(handshakeTimeout) > 0) {
            throw new IllegalArgumentException("initialRetransmitTimeout must be in [1 ms, handshakeTimeout]");
        }
        if (maxHandshakeDatagrams < 8) {
            throw new IllegalArgumentException("maxHandshakeDatagrams below one server flight plus its last flight");
        }
        if (inboundQueueCapacity < 1) {
            throw new IllegalArgumentException("inboundQueueCapacity must be positive");
        }
        if (mtu < 256 || mtu > 65_507) {
            throw new IllegalArgumentException("mtu out of range: " + mtu);
        }
        if (maxDatagramSize < 256 || maxDatagramSize > 65_507) {
            throw new IllegalArgumentException("maxDatagramSize out of range: " + maxDatagramSize);
        }
        if (maxHandshakeMessageLength < 1024) {
            throw new IllegalArgumentException("maxHandshakeMessageLength too small for a certificate");
        }
        srtpProfiles = List.copyOf(srtpProfiles);
        if (srtpProfiles.isEmpty()) {
            throw new IllegalArgumentException("at least one SRTP protection profile is needed");
        }
    }

    /**
     * The defaults: 10 s handshake timeout, 1 s first retransmission, 40 datagrams per handshake, 32 queued inbound
     * datagrams, 1200-byte MTU, 16 KiB handshake messages, AEAD_AES_256_GCM &gt; AEAD_AES_128_GCM &gt;
     * AES128_CM_HMAC_SHA1_80, and a virtual thread per session.
     */
    public static DtlsServerConfig defaults() {
        return new DtlsServerConfig(
                Duration.ofSeconds(10),
                Duration.ofSeconds(1),
                40,
                32,
                1200,
                2048,
                16 * 1024,
                List.of(
                        SrtpProtectionProfile.AEAD_AES_256_GCM,
                        SrtpProtectionProfile.AEAD_AES_128_GCM,
                        SrtpProtectionProfile.AES128_CM_HMAC_SHA1_80),
                Thread.ofVirtual().name("dtls-", 0).factory());
    }

    /** A copy with another handshake timeout (and the retransmit timer capped to it). */
    public DtlsServerConfig withHandshakeTimeout(Duration timeout) {
        Duration resend = initialRetransmitTimeout.compareTo(timeout) > 0 ? timeout : initialRetransmitTimeout;
        return withHandshakeBounds(timeout, resend, maxHandshakeDatagrams, inboundQueueCapacity);
    }

    /** A copy with other flood bounds. */
    public DtlsServerConfig withLimits(int maxHandshakeDatagrams, int inboundQueueCapacity) {
        return withHandshakeBounds(
                handshakeTimeout, initialRetransmitTimeout, maxHandshakeDatagrams, inboundQueueCapacity);
    }

    /** A copy with other timers and flood bounds; datagram sizes, profiles and threads stay. */
    private DtlsServerConfig withHandshakeBounds(Duration timeout, Duration resend, int datagrams, int queueCapacity) {
        return new DtlsServerConfig(
                timeout,
                resend,
                datagrams,
                queueCapacity,
                mtu,
                maxDatagramSize,
                maxHandshakeMessageLength,
                srtpProfiles,
                threadFactory);
    }
}
