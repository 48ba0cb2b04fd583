package io.zonecam.webrtc.sfu;

import io.zonecam.media.frame.MediaFrame;
import io.zonecam.media.frame.TrackInfo;
import io.zonecam.webrtc.dtls.DtlsCertificate;
import io.zonecam.webrtc.dtls.DtlsMetrics;
import io.zonecam.webrtc.ice.IceCandidate;
import io.zonecam.webrtc.ice.IceCapacityException;
import io.zonecam.webrtc.ice.IceCloseReason;
import io.zonecam.webrtc.ice.IceConfig;
import io.zonecam.webrtc.ice.IceCredentials;
import io.zonecam.webrtc.ice.IceListener;
import io.zonecam.webrtc.ice.IceLiteAgent;
import io.zonecam.webrtc.ice.IceSession;
import io.zonecam.webrtc.negotiation.LocalEndpoint;
import io.zonecam.webrtc.negotiation.NegotiationException;
import io.zonecam.webrtc.negotiation.WhepAnswer;
import io.zonecam.webrtc.negotiation.WhepNegotiator;
import io.zonecam.webrtc.transport.DatagramSender;
import io.zonecam.webrtc.transport.UdpTransport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Sfu is the embedded WebRTC SFU of a stream node: the app pushes each camera's media in ({@link #onTracks},
 * {@link #onFrame}, {@link #onEnded}) and answers WHEP with {@link #createViewer} / {@link #deleteViewer}; the SFU
 * does ICE-lite, DTLS-SRTP and the fan-out on one UDP port.
 *
 * <p>Every method is thread-safe and returns without waiting on the network. {@code onFrame} for one camera should
 * come from one thread at a time (frames of a camera are ordered); it packetizes once and queues references to each
 * viewer, never encrypting or sending itself. See {@code stream-node/webrtc/SFU.md} for threads, queues and the drop
 * policy.
 */
public final class Sfu implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Sfu.class);
    private static final long HOUSEKEEPING_MILLIS = 200;
    /**
     * With no viewer there is no connect timeout to catch and no sender report to ask for: housekeeping then runs
     * once a second (the egress rate's period) instead of five times, on every node whether anyone watches or not. A
     * first viewer is looked at within this, well inside its connect timeout.
     */
    private static final long IDLE_HOUSEKEEPING_MILLIS = 1000;

    private static final SecureRandom RANDOM = new SecureRandom();
    /** The problem detail for {@link SfuException.Reason#CAMERA_HAS_B_FRAMES}; viewers show it as it is. */
    static final String B_FRAMES_DETAIL = "This camera sends H.264 with B-frames, which browsers cannot play as live"
            + " WebRTC video. Set the camera's encoder to Baseline or Main profile without B-frames (ffmpeg: -bf 0,"
            + " OBS: B-frames 0) and live view starts with its next stream. Recordings are not affected.";

    private final SfuConfig config;
    private final DtlsCertificate certificate;
    private final DtlsMetrics dtlsMetrics = new DtlsMetrics();
    private final IceLiteAgent<Viewer> agent;
    private final UdpTransport transport;
    private final DatagramSender sender;
    private final WhepNegotiator negotiator = new WhepNegotiator();
    private final List<String> candidateLines;
    private final ConcurrentHashMap<String, CameraStream> cameras = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Viewer> viewers = new ConcurrentHashMap<>();
    private final EgressWorker[] workers;
    private final AtomicInteger nextWorker = new AtomicInteger();
    private final ScheduledExecutorService housekeeping;
    private final SfuMetrics metrics;
    private final SfuClock clock = SfuClock.system();
    private final ViewerContext viewerContext;
    private long lastRateNanos;
    private long lastReportRound;
    private long lastRateBytes;
    private volatile boolean closed;
    private volatile Consumer<ViewerEnded> viewerEnded = e -> {};

    private Sfu(SfuConfig config, java.util.function.UnaryOperator<DatagramSender> senderDecorator) throws IOException {
        this.config = config;
        this.certificate = DtlsCertificate.generate();
        IceConfig ice =
                new IceConfig(Math.max(config.maxViewers(), 1), 8, config.connectTimeout(), config.consentTimeout());
        this.agent = new IceLiteAgent<>(ice, clock::nanoTime, new IceEvents());
        this.transport = UdpTransport.open(config.transport(), agent);
        this.sender = senderDecorator.apply(transport);
        List<String> lines = new ArrayList<>();
        for (IceCandidate c : transport.candidates()) {
            lines.add(c.toSdpValue());
        }
        this.candidateLines = List.copyOf(lines);
        this.metrics = new SfuMetrics(agent.stats(), dtlsMetrics, transport.stats());
        this.viewerContext = new ViewerContext(
                certificate,
                config.dtls(),
                dtlsMetrics,
                sender,
                metrics,
                clock,
                config.viewerQueueBytes(),
                config.consentTimeout().toNanos(),
                config.keyframeAnswerInterval().toNanos(),
                new ViewerBooks());
        this.workers = new EgressWorker[config.egressThreads()];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new EgressWorker(i, sender, metrics);
            workers[i].start();
        }
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("webrtc-housekeeping").daemon().factory());
        housekeeping.schedule(this::housekeepAndReschedule, HOUSEKEEPING_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Binds the media port, generates the node's DTLS certificate and starts the egress and housekeeping threads.
     *
     * @throws IOException when the UDP port cannot be bound
     */
    public static Sfu start(SfuConfig config) throws IOException {
        return new Sfu(Objects.requireNonNull(config, "config"), s -> s);
    }

    /** For tests: every datagram the SFU sends goes through {@code senderDecorator} (e.g. to drop some). */
    static Sfu start(SfuConfig config, java.util.function.UnaryOperator<DatagramSender> senderDecorator)
            throws IOException {
        return new Sfu(Objects.requireNonNull(config, "config"), senderDecorator);
    }

    // ------------------------------------------------------------------ media in

    /** A camera started publishing (or republished with new parameters); viewers of it may now be created. */
    public void onTracks(String cameraId, List<TrackInfo> tracks) {
        Objects.requireNonNull(cameraId, "cameraId");
        Objects.requireNonNull(tracks, "tracks");
        cameras.compute(cameraId, (id, existing) -> {
            if (existing == null || existing.isEnded()) {
                return new CameraStream(id, tracks, config, metrics);
            }
            existing.setTracks(tracks);
            return existing;
        });
    }

    /** One access unit of a camera; frames of unknown cameras or tracks are ignored. Never blocks. */
    public void onFrame(String cameraId, MediaFrame frame) {
        CameraStream camera = cameras.get(cameraId);
        if (camera != null) {
            List<Viewer> refused = camera.onFrame(frame);
            if (refused != null) {
                LOG.warnf(
                        "camera %s sends H.264 with B-frames: live view is refused (browsers cannot play it), %d"
                                + " viewers closed; set the camera to Baseline/Main without B-frames",
                        cameraId, refused.size());
                for (Viewer v : refused) {
                    v.close(ViewerCloseReason.CAMERA_HAS_B_FRAMES);
                }
            }
        }
    }

    /**
     * Whether the camera's current publish session has B-frames, which the SFU does not forward (SFU.md): the camera
     * health flag behind {@link SfuException.Reason#CAMERA_HAS_B_FRAMES}. False for cameras not live here.
     */
    public boolean cameraHasBFrames(String cameraId) {
        CameraStream camera = cameraId == null ? null : cameras.get(cameraId);
        return camera != null && !camera.isEnded() && camera.reordered();
    }

    /** The live cameras whose current session has B-frames (see {@link #cameraHasBFrames}). */
    public List<String> camerasWithBFrames() {
        List<String> out = new ArrayList<>();
        cameras.forEach((id, c) -> {
            if (!c.isEnded() && c.reordered()) {
                out.add(id);
            }
        });
        return out;
    }

    /** The camera stopped publishing: its viewers are closed ({@link ViewerCloseReason#CAMERA_ENDED}). */
    public void onEnded(String cameraId) {
        CameraStream camera = cameras.remove(cameraId);
        if (camera == null) {
            return;
        }
        for (Viewer v : camera.end()) {
            v.close(ViewerCloseReason.CAMERA_ENDED);
        }
        for (Viewer v : viewers.values()) {
            if (v.camera == camera) {
                v.close(ViewerCloseReason.CAMERA_ENDED);
            }
        }
    }

    // ------------------------------------------------------------------ WHEP

    /**
     * Answers a WHEP offer for a camera and creates the viewer, which then has {@link SfuConfig#connectTimeout()} to
     * do ICE and DTLS on the media port.
     *
     * @throws SfuException with the reason the HTTP layer maps to a status ({@link SfuException.Reason#httpStatus()})
     */
    public ViewerAnswer createViewer(String cameraId, String offerSdp) throws SfuException {
        if (closed) {
            throw refuse(SfuException.Reason.SHUTTING_DOWN, "the SFU is shutting down");
        }
        CameraStream camera = cameraId == null ? null : cameras.get(cameraId);
        if (camera == null || camera.isEnded()) {
            throw refuse(SfuException.Reason.CAMERA_NOT_FOUND, "the camera is not live on this node");
        }
        if (camera.reordered()) {
            throw refuse(SfuException.Reason.CAMERA_HAS_B_FRAMES, B_FRAMES_DETAIL);
        }
        if (metrics.viewers.incrementAndGet() > config.maxViewers()) {
            metrics.viewers.decrementAndGet();
            throw refuse(
                    SfuException.Reason.NODE_VIEWER_LIMIT,
                    "this node serves its maximum of " + config.maxViewers() + " viewers");
        }
        if (camera.viewerCount.incrementAndGet() > config.maxViewersPerCamera()) {
            camera.viewerCount.decrementAndGet();
            metrics.viewers.decrementAndGet();
            throw refuse(
                    SfuException.Reason.CAMERA_VIEWER_LIMIT,
                    "the camera has its maximum of " + config.maxViewersPerCamera() + " viewers");
        }
        boolean created = false;
        try {
            IceCredentials credentials = IceCredentials.generate();
            LocalEndpoint local = LocalEndpoint.of(credentials, certificate.fingerprint(), candidateLines);
            WhepAnswer answer = negotiator.answer(offerSdp, camera.tracks(), local);
            Viewer viewer = new Viewer(newViewerId(), camera, answer.session(), viewerContext, pickWorker());
            IceSession<Viewer> session =
                    agent.createSession(credentials, answer.session().remoteIceUfrag(), viewer);
            if (!session.localUfrag().equals(credentials.ufrag())) {
                // The agent replaced a clashing ufrag (48 random bits: practically never); the answer would lie.
                agent.close(session);
                throw refuse(SfuException.Reason.NODE_VIEWER_LIMIT, "ICE ufrag clash, try again");
            }
            viewer.ice = session;
            viewers.put(viewer.id, viewer);
            created = true;
            metrics.viewersCreated.increment();
            return new ViewerAnswer(
                    viewer.id,
                    answer.sdp(),
                    "\"" + session.localUfrag() + "\"",
                    answer.session().audioNote());
        } catch (NegotiationException e) {
            SfuException refused = SfuException.fromNegotiation(e);
            metrics.offersRefused.get(refused.reason()).increment();
            throw refused;
        } catch (IceCapacityException e) {
            throw refuse(SfuException.Reason.NODE_VIEWER_LIMIT, "the ICE agent is full");
        } finally {
            if (!created) {
                camera.viewerCount.decrementAndGet();
                metrics.viewers.decrementAndGet();
            }
        }
    }

    /** Ends a viewer (WHEP DELETE); false when there is no such viewer (already gone). */
    public boolean deleteViewer(String viewerId) {
        Viewer v = viewerId == null ? null : viewers.get(viewerId);
        if (v == null) {
            return false;
        }
        v.close(ViewerCloseReason.DELETED);
        return true;
    }

    /** Tells {@code listener} of every viewer that ends, on the thread that ended it; it must not block. */
    public void onViewerEnded(Consumer<ViewerEnded> listener) {
        this.viewerEnded = Objects.requireNonNull(listener);
    }

    /** Whether a viewer with this id exists (pending or connected). */
    public boolean hasViewer(String viewerId) {
        return viewerId != null && viewers.containsKey(viewerId);
    }

    /** Viewers of a camera, pending ones included. */
    public int viewerCount(String cameraId) {
        CameraStream c = cameras.get(cameraId);
        return c == null ? 0 : c.viewerCount.get();
    }

    /** Counters and gauges for the metrics exporter. */
    public SfuMetrics metrics() {
        return metrics;
    }

    /** The bound UDP media port. */
    public InetSocketAddress udpAddress() {
        return transport.localAddress();
    }

    /** The host candidates every answer carries. */
    public List<IceCandidate> candidates() {
        return transport.candidates();
    }

    /** Closes every viewer, stops the threads and the media port. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Viewer v : viewers.values()) {
            v.close(ViewerCloseReason.SHUTDOWN);
        }
        housekeeping.shutdownNow();
        for (EgressWorker w : workers) {
            w.stop();
        }
        transport.close();
    }

    // ------------------------------------------------------------------ for tests in this package

    IceLiteAgent<Viewer> agent() {
        return agent;
    }

    /**
     * Milestones of a live viewer in milliseconds after its offer was answered: ICE nomination, first DTLS datagram,
     * DTLS-SRTP done,
     * first media packet sent ({@code -1} for those not reached); {@code null} for an unknown viewer.
     */
    long[] viewerMilestonesMillis(String viewerId) {
        Viewer v = viewers.get(viewerId);
        return v == null ? null : v.milestonesMillis();
    }

    /** Ids of the viewers on the node now. */
    List<String> viewerIds() {
        return List.copyOf(viewers.keySet());
    }

    private EgressWorker pickWorker() {
        return workers[Math.floorMod(nextWorker.getAndIncrement(), workers.length)];
    }

    private SfuException refuse(SfuException.Reason reason, String message) {
        metrics.offersRefused.get(reason).increment();
        return new SfuException(reason, message);
    }

    private static String newViewerId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** One round, then the next after a delay that depends on whether anyone watches. */
    private void housekeepAndReschedule() {
        housekeep();
        if (closed) {
            return;
        }
        try {
            housekeeping.schedule(
                    this::housekeepAndReschedule,
                    viewers.isEmpty() ? IDLE_HOUSEKEEPING_MILLIS : HOUSEKEEPING_MILLIS,
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Closed meanwhile: housekeeping ends with the SFU.
        }
    }

    private void housekeep() {
        try {
            agent.expire();
            long now = clock.nanoTime();
            long connectNanos = config.connectTimeout().toNanos();
            long reportNanos = config.senderReportInterval().toNanos();
            boolean reportRound = now - lastReportRound >= reportNanos;
            if (reportRound) {
                lastReportRound = now;
            }
            for (Viewer v : viewers.values()) {
                Viewer.State s = v.state();
                if (s == Viewer.State.CONNECTING && now - v.createdNanos > connectNanos) {
                    // ICE may have completed (so the agent keeps it) while DTLS never did.
                    v.close(ViewerCloseReason.CONNECT_TIMEOUT);
                } else if (s == Viewer.State.CONNECTED && reportRound) {
                    v.queue.requestSenderReport();
                }
            }
            if (now - lastRateNanos >= 1_000_000_000L) {
                long bytes = metrics.bytesSent();
                if (lastRateNanos != 0) {
                    metrics.egressBitsPerSecond = (bytes - lastRateBytes) * 8 * 1_000_000_000L / (now - lastRateNanos);
                }
                lastRateNanos = now;
                lastRateBytes = bytes;
            }
        } catch (RuntimeException e) {
            LOG.warn("SFU housekeeping failed", e);
        }
    }

    /** Viewer events: the SFU's counts and maps follow each viewer's life. */
    private final class ViewerBooks implements ViewerEvents {
        @Override
        public void connected(Viewer v) {
            metrics.connectedViewers.incrementAndGet();
            metrics.viewersConnected.increment();
        }

        @Override
        public void closed(Viewer v, ViewerCloseReason reason, boolean wasConnected) {
            if (viewers.remove(v.id, v)) {
                metrics.viewers.decrementAndGet();
                v.camera.viewerCount.decrementAndGet();
            }
            if (wasConnected) {
                metrics.connectedViewers.decrementAndGet();
            }
            metrics.viewersClosed.get(reason).increment();
            IceSession<Viewer> ice = v.ice;
            if (ice != null) {
                agent.close(ice);
            }
            LOG.debugf("viewer %s of %s closed: %s", v.id, v.camera.cameraId, reason);
            try {
                viewerEnded.accept(new ViewerEnded(v.id, v.camera.cameraId, reason, v.bytesSent()));
            } catch (RuntimeException e) {
                LOG.warn("viewer-ended listener failed", e);
            }
        }
    }

    /** ICE events: a session the agent closed (timeout, consent) closes its viewer. */
    private final class IceEvents implements IceListener<Viewer> {
        @Override
        public void onSelected(IceSession<Viewer> session, InetSocketAddress remote) {
            if (session.attachment().iceSelectedNanos == 0) {
                session.attachment().iceSelectedNanos = clock.nanoTime();
            }
        }

        @Override
        public void onClosed(IceSession<Viewer> session, IceCloseReason reason) {
            Viewer v = session.attachment();
            switch (reason) {
                case CONNECT_TIMEOUT -> v.close(ViewerCloseReason.CONNECT_TIMEOUT);
                case CONSENT_EXPIRED -> v.close(ViewerCloseReason.CONSENT_EXPIRED);
                case CLOSED_BY_OWNER -> {
                    // The viewer closed it itself.
                }
            }
        }
    }
}
