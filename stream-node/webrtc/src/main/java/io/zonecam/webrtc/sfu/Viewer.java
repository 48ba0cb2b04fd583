package io.zonecam.webrtc.sfu;

import io.zonecam.webrtc.dtls.DtlsFailure;
import io.zonecam.webrtc.dtls.DtlsServerSession;
import io.zonecam.webrtc.dtls.DtlsSrtpKeyExport;
import io.zonecam.webrtc.ice.IceSession;
import io.zonecam.webrtc.negotiation.NegotiatedAudio;
import io.zonecam.webrtc.negotiation.NegotiatedSession;
import io.zonecam.webrtc.negotiation.NegotiatedVideo;
import io.zonecam.webrtc.rtcp.RtcpException;
import io.zonecam.webrtc.rtcp.RtcpPacket;
import io.zonecam.webrtc.rtcp.RtcpParser;
import io.zonecam.webrtc.rtcp.RtcpRateLimiter;
import io.zonecam.webrtc.rtcp.RtcpWriter;
import io.zonecam.webrtc.rtcp.SenderReportBuilder;
import io.zonecam.webrtc.rtx.RtxEncoder;
import io.zonecam.webrtc.srtp.SrtpContext;
import io.zonecam.webrtc.srtp.SrtpProfile;
import io.zonecam.webrtc.transport.TransportPeer;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Viewer is the per-viewer half of the fan-out: its ICE session, DTLS session and SRTP contexts, its bounded queue of
 * shared packets with the slow-viewer drop policy, and the egress that rewrites each packet's header for this viewer
 * and encrypts the shared payload straight into the sending buffer.
 *
 * <p>Threads: the camera's producer and the receive thread enqueue under {@link #lock}; exactly one egress worker
 * (fixed per viewer) drains, and only it touches the outbound SRTP context, sequence numbers, the RTX encoder and
 * the sender report builders. The receive thread alone uses the inbound SRTP context and the RTCP rate limiter.
 */
final class Viewer implements TransportPeer {

    private static final Logger LOG = Logger.getLogger(Viewer.class);

    enum State {
        CONNECTING,
        CONNECTED,
        CLOSED
    }

    /** Packets one drain takes before the viewer goes to the back of its worker's run queue (fairness). */
    static final int BATCH = 64;
    /** NACKed sequence numbers waiting at most; more are dropped (the rate limiter makes that rare). */
    static final int MAX_PENDING_NACKS = 512;
    /** Packets queued at most, whatever their size. */
    static final int MAX_QUEUED_PACKETS = 8192;
    /** Sent video sequence numbers remembered for NACK translation: ~2.5 s at 2 Mb/s, more than RTX keeps. */
    private static final int SEQ_MAP = 1024;

    private static final int VALID = 0x10000;

    final String id;
    final CameraStream camera;
    final NegotiatedSession session;
    final long createdNanos;
    private final Sfu sfu;
    private final EgressWorker worker;
    private final int videoSsrc;
    private final int videoPt;
    private final int audioSsrc;
    private final int audioPt;
    private final boolean hasAudio;
    private final long maxQueuedBytes;
    volatile IceSession<Viewer> ice;
    private volatile State state = State.CONNECTING;
    volatile long iceSelectedNanos;
    volatile long dtlsStartNanos;
    volatile long connectedNanos;
    volatile long firstMediaNanos;

    // Receive-thread state.
    private volatile DtlsServerSession dtls;
    private volatile InetSocketAddress dtlsSource;
    private volatile SrtpContext inbound;
    private final RtcpRateLimiter rtcpLimiter;
    private long lastKeyframeAnswerNanos = Long.MIN_VALUE / 2;
    volatile int lastFractionLost;

    // Queue, guarded by lock.
    private final Object lock = new Object();
    private OutboundPacket[] ring = new OutboundPacket[64];
    private int[] ringDelta = new int[64];
    private int head;
    private int size;
    private long queuedBytes;
    private final int[] nacks = new int[MAX_PENDING_NACKS];
    private int nackCount;
    private boolean scheduled;
    private boolean waitingForKeyframe = true;
    private boolean senderReportDue;

    // Egress-worker state.
    private SrtpContext outbound;
    private RtxEncoder rtx;
    private int nextVideoSeq = ThreadLocalRandom.current().nextInt(0x10000);
    private int nextAudioSeq = ThreadLocalRandom.current().nextInt(0x10000);
    private final int[] mapKey = new int[SEQ_MAP];
    private final int[] mapCamera = new int[SEQ_MAP];
    private final int[] mapDelta = new int[SEQ_MAP];
    private final SenderReportBuilder videoReport;
    private final SenderReportBuilder audioReport;

    Viewer(String id, CameraStream camera, NegotiatedSession session, Sfu sfu, EgressWorker worker) {
        this.id = id;
        this.camera = camera;
        this.session = session;
        this.sfu = sfu;
        this.worker = worker;
        this.createdNanos = System.nanoTime();
        NegotiatedVideo v = session.video();
        this.videoSsrc = (int) v.ssrc();
        this.videoPt = v.payloadType();
        NegotiatedAudio a = session.audio().orElse(null);
        this.hasAudio = a != null;
        this.audioSsrc = a == null ? 0 : (int) a.ssrc();
        this.audioPt = a == null ? 0 : a.payloadType();
        this.videoReport = new SenderReportBuilder(v.ssrc(), 90_000);
        this.audioReport = a == null ? null : new SenderReportBuilder(a.ssrc(), a.clockRate());
        this.maxQueuedBytes = sfu.config().viewerQueueBytes();
        this.rtcpLimiter = RtcpRateLimiter.perViewer(System::nanoTime);
    }

    State state() {
        return state;
    }

    // ------------------------------------------------------------------ receive thread

    @Override
    public void onDtls(byte[] buf, int offset, int length, InetSocketAddress source) {
        if (state == State.CLOSED) {
            return;
        }
        dtlsSource = source;
        DtlsServerSession d = dtls;
        if (d == null) {
            // Started on the first DTLS datagram, not with the offer: offers that never connect cost no thread.
            dtlsStartNanos = System.nanoTime();
            d = DtlsServerSession.start(
                    sfu.config().dtls(),
                    sfu.certificate(),
                    session.remoteFingerprints(),
                    this::sendDtls,
                    new DtlsListener(),
                    sfu.dtlsMetrics());
            dtls = d;
            if (state == State.CLOSED) {
                d.close();
                return;
            }
        }
        d.feed(buf, offset, length);
    }

    /** DTLS flights go to the nominated address, or where the viewer's DTLS came from before nomination. */
    private void sendDtls(byte[] datagram) {
        IceSession<Viewer> s = ice;
        InetSocketAddress to = s == null ? null : s.selectedAddress();
        if (to == null) {
            to = dtlsSource;
        }
        if (to != null && !sfu.sender().send(datagram, 0, datagram.length, to)) {
            sfu.metrics().sendFailures.increment();
        }
    }

    @Override
    public void onRtcp(byte[] buf, int offset, int length, InetSocketAddress source) {
        SrtpContext in = inbound;
        SfuMetrics m = sfu.metrics();
        if (in == null || state == State.CLOSED) {
            m.srtcpRejected.increment();
            return;
        }
        if (!rtcpLimiter.tryAcquire(length)) {
            m.rtcpRateLimited.increment();
            return;
        }
        int n = in.unprotectRtcp(buf, offset, length);
        if (n < 0) {
            m.srtcpRejected.increment();
            return;
        }
        List<RtcpPacket> packets;
        try {
            packets = RtcpParser.parse(buf, offset, n);
        } catch (RtcpException e) {
            m.rtcpMalformed.increment();
            return;
        }
        for (RtcpPacket p : packets) {
            switch (p) {
                case RtcpPacket.GenericNack nack -> {
                    if ((int) nack.mediaSsrc() == videoSsrc) {
                        enqueueNacks(nack.lostSequenceNumbers());
                    }
                }
                case RtcpPacket.PictureLossIndication pli -> {
                    m.plis.increment();
                    keyframeRequested();
                }
                case RtcpPacket.FullIntraRequest fir -> {
                    m.firs.increment();
                    keyframeRequested();
                }
                case RtcpPacket.ReceiverReport rr -> {
                    for (RtcpPacket.ReportBlock b : rr.reports()) {
                        if ((int) b.ssrc() == videoSsrc) {
                            lastFractionLost = b.fractionLost();
                        }
                    }
                }
                default -> {
                    // SR, SDES, BYE, REMB, TWCC: nothing to do for a receive-only viewer of a camera we cannot steer.
                }
            }
        }
    }

    /**
     * PLI/FIR: the camera cannot be asked for a keyframe from here (a later MQTT command could), so the cached GOP
     * is sent again, at most once per {@link SfuConfig#keyframeAnswerInterval()}.
     */
    private void keyframeRequested() {
        long now = System.nanoTime();
        if (now - lastKeyframeAnswerNanos
                < sfu.config().keyframeAnswerInterval().toNanos()) {
            sfu.metrics().keyframeRequestsThrottled.increment();
            return;
        }
        lastKeyframeAnswerNanos = now;
        camera.resendGop(this);
    }

    private void enqueueNacks(int[] lost) {
        sfu.metrics().nackedPackets.add(lost.length);
        boolean schedule;
        synchronized (lock) {
            if (state != State.CONNECTED) {
                return;
            }
            for (int seq : lost) {
                if (nackCount < MAX_PENDING_NACKS) {
                    nacks[nackCount++] = seq & 0xFFFF;
                } else {
                    sfu.metrics().nackMisses.increment();
                }
            }
            schedule = markScheduled();
        }
        if (schedule) {
            worker.schedule(this);
        }
    }

    /** The DTLS outcome, on the DTLS session's thread. */
    private final class DtlsListener implements DtlsServerSession.Listener {
        @Override
        public void onComplete(DtlsSrtpKeyExport keys) {
            SrtpProfile profile = SrtpProfile.fromDtlsId(keys.profile().id());
            var split = io.zonecam.webrtc.srtp.SrtpClientServerKeys.split(profile, keys.exporterOutput());
            NegotiatedVideo v = session.video();
            // Without RTX a NACKed packet is sent again as it was: the same index, so the context must allow it
            // (identical plaintext under the same IV reveals nothing new, RFC 3711 §9.1 / libsrtp's allow_repeat_tx).
            SrtpContext out =
                    SrtpContext.create(split.outbound(false), !v.hasRtx(), SrtpContext.DEFAULT_REPLAY_WINDOW, 8);
            SrtpContext in = SrtpContext.create(split.inbound(false));
            synchronized (lock) {
                if (state != State.CONNECTING) {
                    return;
                }
                outbound = out;
                rtx = v.hasRtx()
                        ? new RtxEncoder(
                                v.rtxPayloadType(),
                                v.rtxSsrc(),
                                ThreadLocalRandom.current().nextInt(0x10000))
                        : null;
                state = State.CONNECTED;
            }
            inbound = in;
            connectedNanos = System.nanoTime();
            sfu.viewerConnected(Viewer.this);
            if (!camera.attach(Viewer.this)) {
                close(ViewerCloseReason.CAMERA_ENDED);
            }
        }

        @Override
        public void onFailure(DtlsFailure reason, String detail) {
            if (reason != DtlsFailure.CLOSED) {
                LOG.debugf("viewer %s: DTLS failed: %s (%s)", id, reason, detail);
            }
            close(ViewerCloseReason.DTLS_FAILED);
        }

        @Override
        public void onPeerClosed() {
            close(ViewerCloseReason.DTLS_CLOSED);
        }
    }

    // ------------------------------------------------------------------ producers (camera, housekeeping)

    /** Queues a live picture, applying the slow-viewer policy (SFU.md). Called under the camera's lock. */
    void enqueueVideo(VideoAccessUnit au) {
        OutboundPacket[] packets = au.packets();
        boolean schedule;
        synchronized (lock) {
            if (state != State.CONNECTED) {
                return;
            }
            if (waitingForKeyframe && !au.keyframe()) {
                // Every picture up to the next keyframe refers back to one this viewer did not get.
                dropFrame(packets.length);
                return;
            }
            if (queuedBytes + au.bytes() > maxQueuedBytes || size + packets.length > MAX_QUEUED_PACKETS) {
                if (!au.keyframe()) {
                    waitingForKeyframe = true;
                    dropFrame(packets.length);
                    return;
                }
                // A keyframe makes everything queued before it useless: flush, and start again from it.
                sfu.metrics().queueFlushes.increment();
                sfu.metrics().packetsDropped.add(size);
                clearQueue();
                if (au.bytes() > maxQueuedBytes) {
                    waitingForKeyframe = true;
                    dropFrame(packets.length);
                    return;
                }
            }
            if (au.keyframe()) {
                waitingForKeyframe = false;
            }
            for (OutboundPacket p : packets) {
                append(p, 0);
            }
            schedule = markScheduled();
        }
        if (schedule) {
            worker.schedule(this);
        }
    }

    /**
     * Queues a cached GOP, keyframe first, with timestamps squeezed together so the browser decodes it at once and
     * stays at the live edge instead of playing the GOP out in real time: a new viewer's copy ends exactly at the
     * newest picture's timestamp; a PLI answer's copy starts one tick after it (the viewer has already seen that
     * timestamp) and live pictures, a frame interval later, still come after it.
     */
    void enqueueBurst(List<VideoAccessUnit> gop, boolean newViewer) {
        int newest = gop.get(gop.size() - 1).timestamp();
        int first = newViewer ? newest - (gop.size() - 1) : newest + 1;
        boolean schedule;
        synchronized (lock) {
            if (state != State.CONNECTED) {
                return;
            }
            if (!newViewer) {
                // Whatever is still queued is older than the burst; the burst replaces it.
                sfu.metrics().packetsDropped.add(size);
                clearQueue();
            }
            for (int i = 0; i < gop.size(); i++) {
                VideoAccessUnit au = gop.get(i);
                int delta = first + i - au.timestamp();
                for (OutboundPacket p : au.packets()) {
                    append(p, delta);
                }
            }
            waitingForKeyframe = false;
            schedule = markScheduled();
        }
        if (schedule) {
            worker.schedule(this);
        }
    }

    /** Queues an audio packet; dropped alone when the queue is full (audio frames stand alone). */
    void enqueueAudio(OutboundPacket p) {
        if (!hasAudio) {
            return;
        }
        boolean schedule;
        synchronized (lock) {
            if (state != State.CONNECTED) {
                return;
            }
            if (queuedBytes + p.data.length > maxQueuedBytes || size == MAX_QUEUED_PACKETS) {
                sfu.metrics().packetsDropped.increment();
                return;
            }
            append(p, 0);
            schedule = markScheduled();
        }
        if (schedule) {
            worker.schedule(this);
        }
    }

    /** Asks the worker for a sender report on its next turn. */
    void requestSenderReport() {
        boolean schedule;
        synchronized (lock) {
            if (state != State.CONNECTED) {
                return;
            }
            senderReportDue = true;
            schedule = markScheduled();
        }
        if (schedule) {
            worker.schedule(this);
        }
    }

    private void dropFrame(int packets) {
        sfu.metrics().framesDropped.increment();
        sfu.metrics().packetsDropped.add(packets);
    }

    private void append(OutboundPacket p, int delta) {
        if (size == ring.length) {
            int n = ring.length * 2;
            OutboundPacket[] r = new OutboundPacket[n];
            int[] d = new int[n];
            for (int i = 0; i < size; i++) {
                int k = (head + i) & (ring.length - 1);
                r[i] = ring[k];
                d[i] = ringDelta[k];
            }
            ring = r;
            ringDelta = d;
            head = 0;
        }
        int k = (head + size) & (ring.length - 1);
        ring[k] = p;
        ringDelta[k] = delta;
        size++;
        queuedBytes += p.data.length;
    }

    private void clearQueue() {
        for (int i = 0; i < size; i++) {
            ring[(head + i) & (ring.length - 1)] = null;
        }
        head = 0;
        size = 0;
        queuedBytes = 0;
    }

    /** Under lock: true when the caller must hand the viewer to its worker. */
    private boolean markScheduled() {
        if (scheduled) {
            return false;
        }
        scheduled = true;
        return true;
    }

    int queuedPackets() {
        synchronized (lock) {
            return size;
        }
    }

    // ------------------------------------------------------------------ egress worker

    /** Sends one batch; returns true when more work is waiting (the worker re-queues the viewer). */
    boolean drain(EgressWorker w) {
        int n;
        int nackN;
        boolean report;
        synchronized (lock) {
            if (state != State.CONNECTED) {
                scheduled = false;
                return false;
            }
            nackN = nackCount;
            System.arraycopy(nacks, 0, w.nacks, 0, nackN);
            nackCount = 0;
            report = senderReportDue;
            senderReportDue = false;
            n = Math.min(size, BATCH);
            int mask = ring.length - 1;
            for (int i = 0; i < n; i++) {
                w.batch[i] = ring[head];
                w.deltas[i] = ringDelta[head];
                queuedBytes -= ring[head].data.length;
                ring[head] = null;
                head = (head + 1) & mask;
            }
            size -= n;
        }
        IceSession<Viewer> s = ice;
        InetSocketAddress to = s == null ? null : s.selectedAddress();
        if (to == null) {
            // Keys are ready but the browser has not nominated yet (it starts DTLS as soon as one check succeeds):
            // the address DTLS completed on passed an authenticated check, so media may start there at once.
            to = dtlsSource;
        }
        SfuMetrics m = sfu.metrics();
        if (to == null || !sfu.hasFreshConsent(s)) {
            // RFC 7675 §5.1: no media without fresh consent; the housekeeping closes the viewer soon.
            m.packetsDropped.add(n);
        } else {
            long unixNanos = sfu.unixNanos();
            for (int i = 0; i < nackN; i++) {
                retransmit(w, w.nacks[i], to);
            }
            for (int i = 0; i < n; i++) {
                sendMedia(w, w.batch[i], w.deltas[i], to, unixNanos);
            }
            if (report) {
                sendSenderReport(w, to, unixNanos);
            }
            w.flushCounters(m);
        }
        java.util.Arrays.fill(w.batch, 0, n, null);
        synchronized (lock) {
            if (state == State.CONNECTED && (size > 0 || nackCount > 0 || senderReportDue)) {
                return true;
            }
            scheduled = false;
            return false;
        }
    }

    private void sendMedia(EgressWorker w, OutboundPacket p, int delta, InetSocketAddress to, long unixNanos) {
        byte[] s = w.scratch;
        int ts = p.rtpTimestamp + delta;
        SenderReportBuilder report;
        if (p.video) {
            int seq = nextVideoSeq;
            nextVideoSeq = (seq + 1) & 0xFFFF;
            OutboundPacket.writeHeader(s, 0, p.marker(), videoPt, seq, ts, videoSsrc);
            int k = seq & (SEQ_MAP - 1);
            mapKey[k] = seq | VALID;
            mapCamera[k] = p.cameraSequence;
            mapDelta[k] = delta;
            report = videoReport;
        } else {
            int seq = nextAudioSeq;
            nextAudioSeq = (seq + 1) & 0xFFFF;
            OutboundPacket.writeHeader(s, 0, p.marker(), audioPt, seq, ts, audioSsrc);
            report = audioReport;
        }
        // The fan-out path: the shared payload is read once and encrypted straight into this viewer's datagram.
        int n = outbound.protectRtp(s, 0, OutboundPacket.HEADER, p.data, OutboundPacket.HEADER, p.payloadLength());
        if (n < 0) {
            w.srtpErrors++;
            return;
        }
        if (sfu.sender().send(s, 0, n, to)) {
            w.packetsSent++;
            w.bytesSent += n;
            report.onRtpSent(ts & 0xFFFFFFFFL, p.payloadLength(), unixNanos);
            if (firstMediaNanos == 0) {
                firstMediaNanos = System.nanoTime();
            }
        } else {
            w.sendFailures++;
        }
    }

    /** Serves one NACKed sequence number of this viewer's video stream: RTX when negotiated, else the same packet. */
    private void retransmit(EgressWorker w, int viewerSeq, InetSocketAddress to) {
        int k = viewerSeq & (SEQ_MAP - 1);
        byte[] original = mapKey[k] == (viewerSeq | VALID) ? camera.retransmissions.get(mapCamera[k]) : null;
        if (original == null) {
            w.nackMisses++;
            return;
        }
        byte[] plain = w.plain;
        int len = original.length;
        System.arraycopy(original, 0, plain, 0, len);
        int ts = OutboundPacket.readInt(original, 4) + mapDelta[k];
        // Exactly the header the viewer got the first time, so a plain retransmission is byte-identical.
        OutboundPacket.writeHeader(plain, 0, (original[1] & 0x80) != 0, videoPt, viewerSeq, ts, videoSsrc);
        byte[] out;
        int n;
        if (rtx != null) {
            int m = rtx.encode(plain, len, w.scratch, 0);
            if (m < 0) {
                w.nackMisses++;
                return;
            }
            out = w.scratch;
            n = outbound.protectRtp(out, 0, m);
        } else {
            out = plain;
            n = outbound.protectRtp(out, 0, len);
        }
        if (n < 0) {
            w.srtpErrors++;
            return;
        }
        if (sfu.sender().send(out, 0, n, to)) {
            w.retransmissions++;
            w.packetsSent++;
            w.bytesSent += n;
        } else {
            w.sendFailures++;
        }
    }

    /** SR for each stream that sent something, then SDES CNAME: a compound RTCP packet (RFC 3550 §6.1). */
    private void sendSenderReport(EgressWorker w, InetSocketAddress to, long unixNanos) {
        byte[] s = w.scratch;
        int pos = videoReport.write(s, 0, unixNanos);
        long firstSsrc = pos > 0 ? videoSsrc & 0xFFFFFFFFL : audioSsrc & 0xFFFFFFFFL;
        if (audioReport != null) {
            pos += audioReport.write(s, pos, unixNanos);
        }
        if (pos == 0) {
            return;
        }
        pos += RtcpWriter.sdesCname(s, pos, firstSsrc, session.cname());
        int n = outbound.protectRtcp(s, 0, pos);
        if (n < 0) {
            w.srtpErrors++;
            return;
        }
        if (sfu.sender().send(s, 0, n, to)) {
            w.senderReports++;
            w.bytesSent += n;
        } else {
            w.sendFailures++;
        }
    }

    // ------------------------------------------------------------------ lifecycle

    /** Ends the viewer once; safe from any thread, any number of times. */
    void close(ViewerCloseReason reason) {
        boolean wasConnected;
        synchronized (lock) {
            if (state == State.CLOSED) {
                return;
            }
            wasConnected = state == State.CONNECTED;
            state = State.CLOSED;
            clearQueue();
            nackCount = 0;
        }
        camera.detach(this);
        sfu.viewerClosed(this, reason, wasConnected);
        IceSession<Viewer> s = ice;
        if (s != null) {
            sfu.agent().close(s);
        }
        DtlsServerSession d = dtls;
        if (d != null) {
            d.close();
        }
    }

    @Override
    public String toString() {
        return "Viewer[" + id + ", camera=" + camera.cameraId + ", " + state + "]";
    }
}
