package io.zonecam.webrtc.sfu;

import io.zonecam.webrtc.dtls.DtlsMetrics;
import io.zonecam.webrtc.ice.IceStats;
import io.zonecam.webrtc.transport.TransportStats;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * SfuMetrics is every counter and gauge of the SFU for the metrics exporter: viewers, egress, drops, feedback served,
 * and the ICE, DTLS and transport counters underneath. Counters only grow; rates are the exporter's business
 * ({@link #egressBitsPerSecond()} is a convenience over the last second).
 */
public final class SfuMetrics {

    final AtomicInteger viewers = new AtomicInteger();
    final AtomicInteger connectedViewers = new AtomicInteger();
    final LongAdder viewersCreated = new LongAdder();
    final LongAdder viewersConnected = new LongAdder();
    final Map<ViewerCloseReason, LongAdder> viewersClosed = new EnumMap<>(ViewerCloseReason.class);
    final Map<SfuException.Reason, LongAdder> offersRefused = new EnumMap<>(SfuException.Reason.class);
    final DropCounters drops = new DropCounters();
    final LongAdder packetsSent = new LongAdder();
    final LongAdder bytesSent = new LongAdder();
    final LongAdder sendFailures = new LongAdder();
    final LongAdder srtpErrors = new LongAdder();
    final LongAdder senderReports = new LongAdder();
    final LongAdder nackedPackets = new LongAdder();
    final LongAdder retransmissions = new LongAdder();
    final LongAdder plis = new LongAdder();
    final LongAdder firs = new LongAdder();
    final LongAdder keyframeBursts = new LongAdder();
    final LongAdder keyframeRequestsThrottled = new LongAdder();
    final LongAdder rtcpRateLimited = new LongAdder();
    final LongAdder srtcpRejected = new LongAdder();
    final LongAdder rtcpMalformed = new LongAdder();
    final LongAdder framesIn = new LongAdder();
    final LongAdder framesMalformed = new LongAdder();
    final LongAdder bFrames = new LongAdder();
    volatile long egressBitsPerSecond;

    private final IceStats ice;
    private final DtlsMetrics dtls;
    private final TransportStats transport;

    SfuMetrics(IceStats ice, DtlsMetrics dtls, TransportStats transport) {
        this.ice = ice;
        this.dtls = dtls;
        this.transport = transport;
        for (ViewerCloseReason r : ViewerCloseReason.values()) {
            viewersClosed.put(r, new LongAdder());
        }
        for (SfuException.Reason r : SfuException.Reason.values()) {
            offersRefused.put(r, new LongAdder());
        }
    }

    /** Viewers on the node now, pending ones included. */
    public int viewers() {
        return viewers.get();
    }

    /** Viewers with ICE and DTLS-SRTP done, receiving media now. */
    public int connectedViewers() {
        return connectedViewers.get();
    }

    /** Viewers created by accepted offers. */
    public long viewersCreated() {
        return viewersCreated.sum();
    }

    /** Viewers that completed ICE and DTLS-SRTP. */
    public long viewersConnected() {
        return viewersConnected.sum();
    }

    /** Viewers closed for this reason. */
    public long viewersClosed(ViewerCloseReason reason) {
        return viewersClosed.get(reason).sum();
    }

    /** Offers refused for this reason. */
    public long offersRefused(SfuException.Reason reason) {
        return offersRefused.get(reason).sum();
    }

    /** SRTP media packets sent (retransmissions included). */
    public long packetsSent() {
        return packetsSent.sum();
    }

    /** SRTP/SRTCP bytes sent to viewers (UDP payload). */
    public long bytesSent() {
        return bytesSent.sum();
    }

    /** Egress over the last full second, in bit/s. */
    public long egressBitsPerSecond() {
        return egressBitsPerSecond;
    }

    /** Media packets not sent: dropped by the queue policy, without consent, or refused by the socket. */
    public long packetsDropped() {
        return drops.packetsDropped.sum();
    }

    /** Video frames dropped by the slow-viewer policy (see SFU.md). */
    public long framesDropped() {
        return drops.framesDropped.sum();
    }

    /** Viewer queues flushed to make room for a keyframe. */
    public long queueFlushes() {
        return drops.queueFlushes.sum();
    }

    /** Datagrams the socket refused (full send buffer, I/O error). */
    public long sendFailures() {
        return sendFailures.sum();
    }

    /** Datagrams the media port accepted but dropped because the event loop fell more than a NACK's age behind. */
    public long sendExpired() {
        return transport.sendExpired();
    }

    /** Seconds egress workers waited for the media port's event loop to catch up (backpressure). */
    public double sendWaitSeconds() {
        return transport.sendWaitNanos() / 1e9;
    }

    /** Packets the SRTP layer refused to protect (should stay 0). */
    public long srtpErrors() {
        return srtpErrors.sum();
    }

    /** RTCP sender reports sent. */
    public long senderReports() {
        return senderReports.sum();
    }

    /** Sequence numbers viewers NACKed. */
    public long nackedPackets() {
        return nackedPackets.sum();
    }

    /** Packets retransmitted (RTX or plain) for NACKs. */
    public long retransmissions() {
        return retransmissions.sum();
    }

    /** NACKed packets no longer (or never) available. */
    public long nackMisses() {
        return drops.nackMisses.sum();
    }

    /** Picture loss indications received. */
    public long plis() {
        return plis.sum();
    }

    /** Full intra requests received. */
    public long firs() {
        return firs.sum();
    }

    /** Cached GOPs sent: one per new viewer that started at once, and one per answered PLI/FIR. */
    public long keyframeBursts() {
        return keyframeBursts.sum();
    }

    /** PLI/FIR not answered because the viewer asked again too soon. */
    public long keyframeRequestsThrottled() {
        return keyframeRequestsThrottled.sum();
    }

    /** SRTCP packets dropped unparsed by a viewer's RTCP rate limit. */
    public long rtcpRateLimited() {
        return rtcpRateLimited.sum();
    }

    /** SRTCP packets that failed authentication, replay check or came before the keys. */
    public long srtcpRejected() {
        return srtcpRejected.sum();
    }

    /** Authenticated RTCP that did not parse. */
    public long rtcpMalformed() {
        return rtcpMalformed.sum();
    }

    /** Camera frames received. */
    public long framesIn() {
        return framesIn.sum();
    }

    /** Camera frames that could not be packetized (bad NAL lengths), or of tracks the SFU does not carry. */
    public long framesMalformed() {
        return framesMalformed.sum();
    }

    /** Video frames seen out of presentation order (B-frames): the first stops the camera's live video (SFU.md). */
    public long bFrames() {
        return bFrames.sum();
    }

    /** ICE sessions closed because ICE never completed. */
    public long iceConnectTimeouts() {
        return ice.connectTimeouts();
    }

    /** STUN requests refused for a bad MESSAGE-INTEGRITY. */
    public long iceBadIntegrity() {
        return ice.badIntegrity();
    }

    /** DTLS handshakes that failed, all reasons. */
    public long dtlsFailures() {
        long n = 0;
        for (io.zonecam.webrtc.dtls.DtlsFailure f : io.zonecam.webrtc.dtls.DtlsFailure.values()) {
            if (f != io.zonecam.webrtc.dtls.DtlsFailure.CLOSED) {
                n += dtls.failures(f);
            }
        }
        return n;
    }

    /** Datagrams of no known kind, and DTLS/RTP/RTCP from addresses no ICE check validated. */
    public long garbageDatagrams() {
        return transport.garbage() + transport.unroutable();
    }

    /** The ICE agent's counters. */
    public IceStats ice() {
        return ice;
    }

    /** The DTLS counters. */
    public DtlsMetrics dtls() {
        return dtls;
    }

    /** The media port's counters. */
    public TransportStats transport() {
        return transport;
    }

    @Override
    public String toString() {
        return "SfuMetrics[viewers=" + viewers() + ", connected=" + connectedViewers() + ", packetsSent="
                + packetsSent() + ", bytesSent=" + bytesSent() + ", dropped=" + packetsDropped() + ", framesDropped="
                + framesDropped() + ", nacked=" + nackedPackets() + ", retransmissions=" + retransmissions()
                + ", plis=" + plis() + ", firs=" + firs() + ", bursts=" + keyframeBursts() + ", rtcpRateLimited="
                + rtcpRateLimited() + ", srtcpRejected=" + srtcpRejected() + ", garbage=" + garbageDatagrams()
                + ", dtlsFailures=" + dtlsFailures() + ", iceTimeouts=" + iceConnectTimeouts() + "]";
    }
}
