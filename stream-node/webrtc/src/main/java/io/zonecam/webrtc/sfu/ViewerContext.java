package io.zonecam.webrtc.sfu;

import io.zonecam.webrtc.dtls.DtlsCertificate;
import io.zonecam.webrtc.dtls.DtlsMetrics;
import io.zonecam.webrtc.dtls.DtlsServerConfig;
import io.zonecam.webrtc.transport.DatagramSender;

/**
 * ViewerContext is what every viewer of the SFU shares: the node's DTLS certificate and settings, the datagram
 * sender of the media port, the metrics, the clock, the limits a viewer applies to itself, and the events it reports
 * back. It is all a viewer knows of the SFU.
 *
 * @param certificate            the node's DTLS certificate
 * @param dtls                   DTLS handshake limits and SRTP profile preference
 * @param dtlsMetrics            where DTLS sessions count their outcomes
 * @param sender                 sends datagrams from the media port without blocking
 * @param metrics                the SFU's counters
 * @param clock                  monotonic and wall-clock time
 * @param queueBytes             media bytes queued per viewer before the drop policy applies
 * @param consentNanos           media stops when no valid STUN check came this long (RFC 7675)
 * @param keyframeIntervalNanos  PLI/FIR answered at most this often per viewer
 * @param events                 what viewers report back
 */
record ViewerContext(
        DtlsCertificate certificate,
        DtlsServerConfig dtls,
        DtlsMetrics dtlsMetrics,
        DatagramSender sender,
        SfuMetrics metrics,
        SfuClock clock,
        long queueBytes,
        long consentNanos,
        long keyframeIntervalNanos,
        ViewerEvents events) {}
