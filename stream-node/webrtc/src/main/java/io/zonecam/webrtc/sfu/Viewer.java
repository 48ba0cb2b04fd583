package io.zonecam.webrtc.sfu;

import io.zonecam.webrtc.dtls.DtlsFailure;
import io.zonecam.webrtc.dtls.DtlsServerSession;
import io.zonecam.webrtc.dtls.DtlsSrtpKeyExport;
import io.zonecam.webrtc.ice.IceSession;
import io.zonecam.webrtc.ice.IceState;
import io.zonecam.webrtc.negotiation.NegotiatedSession;
import io.zonecam.webrtc.negotiation.NegotiatedVideo;
import io.zonecam.webrtc.srtp.SrtpClientServerKeys;
import io.zonecam.webrtc.srtp.SrtpContext;
import io.zonecam.webrtc.srtp.SrtpProfile;
import io.zonecam.webrtc.transport.TransportPeer;
import java.net.InetSocketAddress;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Viewer is one WHEP viewer of a camera: its ICE and DTLS sessions and its life (connecting, connected, closed), and
 * the three parts that move its media, each used by one kind of thread (SFU.md, "Threads"):
 * <ul>
 *   <li>{@link ViewerQueue}: the bounded queue and drop policy, filled by the camera and the receive thread;</li>
 *   <li>{@link ViewerEgress}: header rewriting, SRTP, RTX and sender reports, on the viewer's egress worker;</li>
 *   <li>{@link ViewerFeedback}: SRTCP in, NACK and keyframe requests out, on the receive thread.</li>
 * </ul>
 * Egress and feedback exist once DTLS-SRTP completed; the queue accepts media from then on.
 */
final class Viewer implements TransportPeer {

    private static final Logger LOG = Logger.getLogger(Viewer.class);

    enum State {
        CONNECTING,
        CONNECTED,
        CLOSED
    }

    final String id;
    final CameraStream camera;
    final NegotiatedSession session;
    final long createdNanos;
    final ViewerQueue queue;
    private final ViewerContext ctx;
    private final boolean hasAudio;
    private final Object lock = new Object();
    volatile IceSession<Viewer> ice;
    private volatile State state = State.CONNECTING;
    volatile long iceSelectedNanos;
    volatile long dtlsStartNanos;
    volatile long connectedNanos;

    // Set once when DTLS-SRTP completes; the queue's lock publishes egress to the worker.
    private ViewerEgress egress;
    private volatile ViewerFeedback feedback;
    // Receive-thread state.
    private volatile DtlsServerSession dtls;
    private volatile InetSocketAddress dtlsSource;

    Viewer(String id, CameraStream camera, NegotiatedSession session, ViewerContext ctx, EgressWorker worker) {
        this.id = id;
        this.camera = camera;
        this.session = session;
        this.ctx = ctx;
        this.createdNanos = ctx.clock().nanoTime();
        this.hasAudio = session.audio().isPresent();
        this.queue = new ViewerQueue(ctx.queueBytes(), ctx.metrics().drops, () -> worker.schedule(this));
    }

    State state() {
        return state;
    }

    // ------------------------------------------------------------------ from the camera

    /** Queues a live picture (called under the camera's lock). */
    void enqueueVideo(VideoAccessUnit au) {
        queue.enqueueVideo(au);
    }

    /** Queues an audio packet when this viewer negotiated audio. */
    void enqueueAudio(OutboundPacket p) {
        if (hasAudio) {
            queue.enqueueAudio(p);
        }
    }

    /** Queues the camera's cached GOP: at start, or as the answer to a keyframe request. */
    void enqueueBurst(List<VideoAccessUnit> gop, boolean newViewer) {
        queue.enqueueBurst(gop, newViewer);
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
            dtlsStartNanos = ctx.clock().nanoTime();
            d = DtlsServerSession.start(
                    ctx.dtls(),
                    ctx.certificate(),
                    session.remoteFingerprints(),
                    this::sendDtls,
                    new DtlsListener(),
                    ctx.dtlsMetrics());
            dtls = d;
            if (state == State.CLOSED) {
                d.close();
                return;
            }
        }
        d.feed(buf, offset, length);
    }

    @Override
    public void onRtcp(byte[] buf, int offset, int length, InetSocketAddress source) {
        ViewerFeedback f = feedback;
        if (f == null || state == State.CLOSED) {
            ctx.metrics().srtcpRejected.increment();
            return;
        }
        f.onRtcp(buf, offset, length);
    }

    /** DTLS flights go to the nominated address, or where the viewer's DTLS came from before nomination. */
    private void sendDtls(byte[] datagram) {
        InetSocketAddress to = mediaAddress();
        if (to != null && !ctx.sender().send(datagram, 0, datagram.length, to)) {
            ctx.metrics().sendFailures.increment();
        }
    }

    /** The DTLS outcome, on the DTLS session's thread. */
    private final class DtlsListener implements DtlsServerSession.Listener {
        @Override
        public void onComplete(DtlsSrtpKeyExport keys) {
            SrtpProfile profile = SrtpProfile.fromDtlsId(keys.profile().id());
            SrtpClientServerKeys split = SrtpClientServerKeys.split(profile, keys.exporterOutput());
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
                egress = new ViewerEgress(session, out, camera.retransmissions, ctx.sender(), ctx.clock());
                if (!queue.open()) {
                    return;
                }
                state = State.CONNECTED;
            }
            feedback = new ViewerFeedback(
                    in, (int) v.ssrc(), ctx.keyframeIntervalNanos(), ctx.metrics(), ctx.clock(), new Feedback());
            connectedNanos = ctx.clock().nanoTime();
            ctx.events().connected(Viewer.this);
            if (!camera.attach(Viewer.this)) {
                // B-frames showed up while this viewer was still connecting (SFU.md, "B-frames").
                close(camera.reordered() ? ViewerCloseReason.CAMERA_HAS_B_FRAMES : ViewerCloseReason.CAMERA_ENDED);
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

    /** Feedback events, on the receive thread. */
    private final class Feedback implements ViewerFeedback.Events {
        @Override
        public void nacked(int[] sequenceNumbers) {
            queue.enqueueNacks(sequenceNumbers);
        }

        @Override
        public void keyframeRequested() {
            camera.resendGop(Viewer.this);
        }
    }

    // ------------------------------------------------------------------ egress worker

    /** Sends one batch; returns true when more work is waiting (the worker keeps the viewer in its run queue). */
    boolean drain(EgressScratch s) {
        if (!queue.take(s.batch)) {
            return false;
        }
        InetSocketAddress to = mediaAddress();
        if (to == null || !hasFreshConsent()) {
            // RFC 7675 §5.1: no media without fresh consent; the housekeeping closes the viewer soon.
            ctx.metrics().drops.packetsDropped(s.batch.size);
        } else {
            egress.send(s, to);
            s.flushTo(ctx.metrics());
        }
        s.batch.clear();
        return queue.finishBatch();
    }

    /**
     * Media goes to the nominated address; before nomination (the browser starts DTLS as soon as one check succeeds)
     * to the address DTLS came from, which passed an authenticated check.
     */
    private InetSocketAddress mediaAddress() {
        IceSession<Viewer> s = ice;
        InetSocketAddress to = s == null ? null : s.selectedAddress();
        return to != null ? to : dtlsSource;
    }

    /**
     * Whether media may go out: a valid check arrived within the consent timeout (RFC 7675 §5.1). Unlike the agent's
     * own consent check this holds before nomination too.
     */
    private boolean hasFreshConsent() {
        IceSession<Viewer> s = ice;
        return s != null
                && s.state() != IceState.CLOSED
                && s.validRequests() > 0
                && ctx.clock().nanoTime() - s.lastConsentNanos() <= ctx.consentNanos();
    }

    // ------------------------------------------------------------------ lifecycle

    /** Milestones in milliseconds after the offer: ICE nominated, DTLS started, SRTP ready, first media (-1: not yet). */
    long[] milestonesMillis() {
        ViewerEgress e;
        synchronized (lock) {
            e = egress;
        }
        long[] at = {iceSelectedNanos, dtlsStartNanos, connectedNanos, e == null ? 0 : e.firstMediaNanos()};
        long[] ms = new long[at.length];
        for (int i = 0; i < at.length; i++) {
            ms[i] = at[i] == 0 ? -1 : (at[i] - createdNanos) / 1_000_000L;
        }
        return ms;
    }

    /** SRTP bytes sent to this viewer (0 before DTLS-SRTP completed). */
    long bytesSent() {
        ViewerEgress e;
        synchronized (lock) {
            e = egress;
        }
        return e == null ? 0 : e.bytesSent();
    }

    /** Ends the viewer once; safe from any thread, any number of times. */
    void close(ViewerCloseReason reason) {
        boolean wasConnected;
        synchronized (lock) {
            if (state == State.CLOSED) {
                return;
            }
            wasConnected = state == State.CONNECTED;
            state = State.CLOSED;
        }
        queue.close();
        camera.detach(this);
        ctx.events().closed(this, reason, wasConnected);
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
