package io.zonecam.webrtc.sfu;

import io.zonecam.webrtc.dtls.DtlsServerConfig;
import io.zonecam.webrtc.transport.TransportConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * SfuConfig holds the SFU's limits and timers; the Quarkus layer fills it from its configuration.
 *
 * @param transport              the UDP media port and the addresses advertised in answers
 * @param maxViewersPerCamera    viewers of one camera at once (pending ones included); more get
 *                               {@link SfuException.Reason#CAMERA_VIEWER_LIMIT}
 * @param maxViewers             viewers on the node at once (pending ones included); more get
 *                               {@link SfuException.Reason#NODE_VIEWER_LIMIT}
 * @param viewerQueueBytes       media bytes waiting to be encrypted and sent to one viewer before the drop policy
 *                               starts (see {@code SFU.md}); at least {@code gopCacheBytes} so a whole cached GOP fits
 * @param connectTimeout         a viewer must have ICE and DTLS-SRTP done this long after its offer, or it is closed
 *                               (offers that never connect hold no slot longer than this)
 * @param consentTimeout         a connected viewer without a valid STUN check for this long is closed (RFC 7675 §5.1)
 * @param egressThreads          threads that encrypt and send (one per core suits a node that does little else)
 * @param senderReportInterval   how often each viewer gets an RTCP sender report (RFC 3550 §6.2)
 * @param gopCacheBytes          largest group of pictures kept per camera for instant start; a longer GOP is not
 *                               cached and new viewers wait for the camera's next keyframe
 * @param keyframeAnswerInterval PLI/FIR from one viewer answered at most this often (each answer resends the GOP)
 * @param maxPayloadSize         largest H.264 RTP payload, so SRTP + RTX datagrams stay under 1,200 bytes
 * @param dtls                   DTLS handshake limits and SRTP profile preference
 */
public record SfuConfig(
        TransportConfig transport,
        int maxViewersPerCamera,
        int maxViewers,
        int viewerQueueBytes,
        Duration connectTimeout,
        Duration consentTimeout,
        int egressThreads,
        Duration senderReportInterval,
        int gopCacheBytes,
        Duration keyframeAnswerInterval,
        int maxPayloadSize,
        DtlsServerConfig dtls) {

    /** Checks the values. */
    public SfuConfig {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(dtls, "dtls");
        if (maxViewersPerCamera < 1 || maxViewers < 1) {
            throw new IllegalArgumentException("viewer limits must be positive");
        }
        if (gopCacheBytes < 64 * 1024 || viewerQueueBytes < gopCacheBytes) {
            throw new IllegalArgumentException("need gopCacheBytes >= 64 KiB and viewerQueueBytes >= gopCacheBytes");
        }
        if (!positive(connectTimeout)
                || !positive(consentTimeout)
                || !positive(senderReportInterval)
                || keyframeAnswerInterval.isNegative()) {
            throw new IllegalArgumentException("timeouts and intervals must be positive");
        }
        if (egressThreads < 1 || egressThreads > 256) {
            throw new IllegalArgumentException("egressThreads out of [1, 256]");
        }
        if (maxPayloadSize < 200 || maxPayloadSize > 1400) {
            throw new IllegalArgumentException("maxPayloadSize out of [200, 1400]");
        }
    }

    private static boolean positive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }

    /**
     * Defaults: 500 viewers per camera, 5,000 per node, 4 MiB queued per viewer, 10 s to connect, 30 s consent, one
     * egress thread per core, a sender report per second, a 2 MiB GOP cache, one keyframe answer per second, 1,150-byte
     * payloads (12 RTP + 1,150 + 2 OSN + 16 tag = 1,180 bytes on the wire), and the DTLS defaults.
     */
    public static SfuConfig defaults(TransportConfig transport) {
        return new SfuConfig(
                transport,
                500,
                5000,
                4 << 20,
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                Runtime.getRuntime().availableProcessors(),
                Duration.ofSeconds(1),
                2 << 20,
                Duration.ofSeconds(1),
                1150,
                DtlsServerConfig.defaults());
    }

    /** A copy with other viewer limits. */
    public SfuConfig withLimits(int perCamera, int perNode) {
        return copy(perCamera, perNode, connectTimeout, egressThreads);
    }

    /** A copy with another connect timeout (ICE and DTLS together). */
    public SfuConfig withConnectTimeout(Duration timeout) {
        return copy(maxViewersPerCamera, maxViewers, timeout, egressThreads);
    }

    /** A copy with another number of egress threads. */
    public SfuConfig withEgressThreads(int threads) {
        return copy(maxViewersPerCamera, maxViewers, connectTimeout, threads);
    }

    /** A copy with the settings the {@code with} methods change; everything else stays. */
    private SfuConfig copy(int perCamera, int perNode, Duration connect, int threads) {
        return new SfuConfig(
                transport,
                perCamera,
                perNode,
                viewerQueueBytes,
                connect,
                consentTimeout,
                threads,
                senderReportInterval,
                gopCacheBytes,
                keyframeAnswerInterval,
                maxPayloadSize,
                dtls);
    }
}
