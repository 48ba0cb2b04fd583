package io.zonecam.webrtc.dtls;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsTimeoutException;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.jboss.logging.Logger;

/**
 * DtlsServerSession runs the DTLS-SRTP server handshake with one viewer (RFC 5764, RFC 8827 §6.5) on its own thread,
 * fed datagrams by the transport layer and handing datagrams back through a callback; it never touches a socket.
 *
 * <pre>
 *  transport thread                 session thread (virtual by default)
 *  ────────────────                 ───────────────────────────────────────────────
 *  feed(datagram) ─► screen ─► bounded queue ─► BouncyCastle DTLSServerProtocol.accept
 *                    (counted drops)                 │ sends ─► outbound callback ─► UDP
 *                                                    ▼
 *                                        export "EXTRACTOR-dtls_srtp" ─► Listener.onComplete
 *                                                    ▼
 *                                        keep receiving: re-send our last flight when the
 *                                        viewer repeats its own (RFC 6347 §4.2.4), notice
 *                                        close_notify ─► Listener.onPeerClosed
 * </pre>
 *
 * <p>Exactly one of {@link Listener#onComplete} and {@link Listener#onFailure} is called, on the session thread.
 * Every failure is counted in {@link DtlsMetrics} by {@link DtlsFailure}. Inbound datagrams that are not well-formed
 * DTLS, or that arrive while the queue is full, are dropped and counted, never thrown. No application data is
 * exchanged (no data channels).
 */
public final class DtlsServerSession implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DtlsServerSession.class);
    /** How long one receive of the connected loop waits; a local close wakes it at once. */
    private static final int CONNECTED_POLL_MILLIS = 30_000;
    /** The hard deadline backs BouncyCastle's own handshake timeout by this much. */
    private static final long DEADLINE_SLACK_NANOS = 500_000_000L;

    /** Listener receives the outcome of the handshake. Callbacks run on the session thread and must not block. */
    public interface Listener {
        /** The handshake completed; the SRTP layer can now build its contexts from {@code keys}. */
        void onComplete(DtlsSrtpKeyExport keys);

        /** The handshake failed (also after a local {@link #close()} before completion, as {@link DtlsFailure#CLOSED}). */
        void onFailure(DtlsFailure reason, String detail);

        /** The viewer ended a connected session with close_notify. */
        default void onPeerClosed() {}
    }

    /** State of a session. */
    public enum State {
        HANDSHAKING,
        CONNECTED,
        FAILED,
        CLOSED
    }

    private final DtlsServerConfig config;
    private final DtlsCertificate certificate;
    private final List<CertificateFingerprint> remoteFingerprints;
    private final Listener listener;
    private final DtlsMetrics metrics;
    private final QueueDatagramTransport transport;
    private final Thread thread;
    private volatile State state = State.HANDSHAKING;

    private DtlsServerSession(
            DtlsServerConfig config,
            DtlsCertificate certificate,
            List<CertificateFingerprint> remoteFingerprints,
            Consumer<byte[]> outbound,
            Listener listener,
            DtlsMetrics metrics) {
        this.config = config;
        this.certificate = certificate;
        this.remoteFingerprints = remoteFingerprints;
        this.listener = listener;
        this.metrics = metrics;
        long deadline = System.nanoTime() + config.handshakeTimeout().toNanos() + DEADLINE_SLACK_NANOS;
        this.transport = new QueueDatagramTransport(
                config.inboundQueueCapacity(),
                config.maxDatagramSize(),
                config.mtu(),
                config.maxHandshakeDatagrams(),
                deadline,
                outbound,
                metrics::countDatagramOut,
                metrics::countOutboundError);
        this.thread = config.threadFactory().newThread(this::run);
    }

    /**
     * Starts a server session that waits for the viewer's ClientHello.
     *
     * @param config             limits and preferences
     * @param certificate        the node's certificate (the one whose fingerprint went into the SDP answer)
     * @param remoteFingerprints the {@code a=fingerprint} values of the viewer's offer; its certificate must match one
     * @param outbound           receives each datagram to send to the viewer (a fresh array the callee may keep)
     * @param listener           receives the outcome
     * @param metrics            the node's DTLS counters
     */
    public static DtlsServerSession start(
            DtlsServerConfig config,
            DtlsCertificate certificate,
            Collection<CertificateFingerprint> remoteFingerprints,
            Consumer<byte[]> outbound,
            Listener listener,
            DtlsMetrics metrics) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(outbound, "outbound");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(metrics, "metrics");
        List<CertificateFingerprint> fps = List.copyOf(remoteFingerprints);
        if (fps.isEmpty()) {
            throw new IllegalArgumentException("the viewer's offer must carry at least one fingerprint");
        }
        DtlsServerSession session = new DtlsServerSession(config, certificate, fps, outbound, listener, metrics);
        metrics.countStarted();
        session.thread.start();
        return session;
    }

    /** Feeds one DTLS datagram received from the viewer (first byte 20..63, RFC 7983 §7); the bytes are copied. */
    public void feed(byte[] datagram) {
        feed(datagram, 0, datagram.length);
    }

    /** Feeds one DTLS datagram from a region of a (reusable) receive buffer; the bytes are copied. */
    public void feed(byte[] buf, int off, int len) {
        metrics.countDatagramIn();
        State s = state;
        if (s == State.FAILED || s == State.CLOSED) {
            metrics.countDroppedAfterEnd();
            return;
        }
        if (len > config.maxDatagramSize()
                || !DtlsRecordScreen.acceptable(buf, off, len, config.maxHandshakeMessageLength())) {
            metrics.countDroppedMalformed();
            return;
        }
        if (!transport.offer(Arrays.copyOfRange(buf, off, off + len))) {
            metrics.countDroppedQueueFull();
        }
    }

    /**
     * Ends the session: a handshake in progress fails with {@link DtlsFailure#CLOSED}; a connected session sends
     * close_notify. Returns at once; the session thread finishes on its own.
     */
    @Override
    public void close() {
        transport.requestClose();
    }

    /** The current state. */
    public State state() {
        return state;
    }

    /** Most inbound datagrams ever waiting at once (at most the configured queue capacity). */
    public int inboundHighWatermark() {
        return transport.highWatermark();
    }

    /** True once the session thread has finished. */
    public boolean isTerminated() {
        return !thread.isAlive() && state != State.HANDSHAKING && state != State.CONNECTED;
    }

    /** Waits for the session thread to finish, up to the given milliseconds; true when it did. */
    public boolean awaitTermination(long millis) throws InterruptedException {
        thread.join(Math.max(1, millis));
        return !thread.isAlive();
    }

    private void run() {
        SrtpTlsServer server =
                new SrtpTlsServer(new BcTlsCrypto(new SecureRandom()), certificate, remoteFingerprints, config);
        DTLSTransport dtls;
        DtlsSrtpKeyExport keys;
        try {
            dtls = new DTLSServerProtocol().accept(server, transport);
            keys = Objects.requireNonNull(server.keyingMaterial(), "no keying material after the handshake");
        } catch (IOException | RuntimeException e) {
            DtlsFailure reason = classify(e, server);
            String detail = detail(reason, e, server);
            state = State.FAILED;
            metrics.countFailure(reason);
            transport.close();
            LOG.debugf("DTLS handshake failed: %s (%s)", reason, detail);
            notifyFailure(reason, detail);
            return;
        }
        transport.handshakeDone();
        state = State.CONNECTED;
        metrics.countCompleted();
        try {
            listener.onComplete(keys);
        } catch (RuntimeException e) {
            LOG.warn("DTLS onComplete listener failed", e);
        }
        serveConnected(dtls, server);
    }

    /** After the handshake: answer retransmitted client flights, watch for close_notify, send ours on close. */
    private void serveConnected(DTLSTransport dtls, SrtpTlsServer server) {
        byte[] buf = new byte[config.maxDatagramSize()];
        boolean peerClosed = false;
        try {
            while (!transport.closeRequested()) {
                dtls.receive(buf, 0, buf.length, CONNECTED_POLL_MILLIS);
                // Application data is not used (no data channels); BouncyCastle already dropped what it could not use.
                if (server.peerClosed() || transport.isClosed()) {
                    peerClosed = server.peerClosed();
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            peerClosed = server.peerClosed();
            if (!peerClosed && !transport.closeRequested()) {
                LOG.debugf("DTLS connection ended: %s", e.toString());
            }
        }
        if (!peerClosed && !transport.isClosed()) {
            try {
                dtls.close(); // sends close_notify
            } catch (IOException | RuntimeException e) {
                LOG.debugf("DTLS close_notify not sent: %s", e.toString());
            }
        }
        transport.close();
        state = State.CLOSED;
        if (peerClosed) {
            metrics.countPeerClosed();
            try {
                listener.onPeerClosed();
            } catch (RuntimeException e) {
                LOG.warn("DTLS onPeerClosed listener failed", e);
            }
        }
    }

    private void notifyFailure(DtlsFailure reason, String detail) {
        try {
            listener.onFailure(reason, detail);
        } catch (RuntimeException e) {
            LOG.warn("DTLS onFailure listener failed", e);
        }
    }

    /** Most specific reason first: our own decisions, then the transport's limits, then what BouncyCastle saw. */
    private DtlsFailure classify(Throwable e, SrtpTlsServer server) {
        if (transport.closeRequested() || hasCause(e, QueueDatagramTransport.ClosedException.class)) {
            return DtlsFailure.CLOSED;
        }
        if (server.failure() != null) {
            return server.failure();
        }
        if (transport.sendLimitExceeded()) {
            return DtlsFailure.RETRANSMIT_LIMIT;
        }
        if (transport.deadlinePassed() || hasCause(e, TlsTimeoutException.class)) {
            return DtlsFailure.HANDSHAKE_TIMEOUT;
        }
        if (hasCause(e, TlsFatalAlertReceived.class)) {
            return DtlsFailure.PEER_ALERT;
        }
        if (e instanceof TlsFatalAlert alert && alert.getAlertDescription() != AlertDescription.internal_error) {
            return DtlsFailure.PROTOCOL_ERROR;
        }
        return DtlsFailure.INTERNAL_ERROR;
    }

    private static String detail(DtlsFailure reason, Throwable e, SrtpTlsServer server) {
        if (server.failureDetail() != null && reason == server.failure()) {
            return server.failureDetail();
        }
        if (e instanceof TlsFatalAlert alert) {
            String text = AlertDescription.getText(alert.getAlertDescription());
            return e.getMessage() == null ? text : text + ": " + e.getMessage();
        }
        if (e instanceof TlsFatalAlertReceived received) {
            return "client sent fatal alert " + AlertDescription.getText(received.getAlertDescription());
        }
        return e.toString();
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
