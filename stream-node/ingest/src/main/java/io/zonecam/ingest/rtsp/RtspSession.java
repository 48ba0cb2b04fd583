package io.zonecam.ingest.rtsp;

import static io.zonecam.ingest.rtsp.RtspResponse.error;

import io.zonecam.ingest.EndReason;
import io.zonecam.ingest.IngestProtocol;
import io.zonecam.ingest.PublishSession;
import io.zonecam.ingest.RejectReason;
import io.zonecam.ingest.session.ActivePublish;
import io.zonecam.ingest.session.Admission;
import io.zonecam.ingest.session.PublishGate;
import io.zonecam.ingest.session.Refusals;
import io.zonecam.ingest.session.SessionIds;
import io.zonecam.ingest.track.TrackPipeline;
import io.zonecam.media.frame.MediaFrame;
import io.zonecam.media.frame.TrackInfo;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * RtspSession is the server side of one RTSP publishing connection as a plain state machine (RFC 2326 §A.1 server
 * states, RECORD direction): decoded requests and interleaved packets in, responses and {@link RtspConnection}
 * effects out. OPTIONS, ANNOUNCE with SDP, SETUP per track over TCP interleaved or UDP, RECORD, media,
 * GET_PARAMETER/SET_PARAMETER/OPTIONS keep-alives and TEARDOWN.
 *
 * <p>States: INIT → (ANNOUNCE) ANNOUNCED → (SETUP) READY → (RECORD) RECORDING. The token is checked at ANNOUNCE by the
 * shared {@link PublishGate}, before the SDP is even parsed; later requests must carry the Session id handed out at
 * the first SETUP. Requests that arrive while a UDP bind is in flight are queued (bounded) so responses keep their
 * order. A refused ANNOUNCE ends the conversation: ffmpeg gives up, and other clients must not probe further; a
 * missing token (401) keeps it open for the retry with credentials (RFC 2617 §2). Not thread-safe: one thread.
 */
public final class RtspSession {

    private static final Logger LOG = Logger.getLogger(RtspSession.class);
    static final String PUBLIC = "OPTIONS, ANNOUNCE, SETUP, RECORD, TEARDOWN, GET_PARAMETER, SET_PARAMETER";
    static final int MAX_BACKLOG = 16;

    private enum State {
        INIT,
        ANNOUNCED,
        READY,
        RECORDING,
        CLOSED
    }

    private final RtspServerConfig config;
    private final PublishGate gate;
    private final Refusals refusals;
    private final RtspConnection connection;
    private final InetSocketAddress remote;
    private final LongSupplier clock;
    private final long connectedNanos;
    private final ArrayDeque<Object> backlog = new ArrayDeque<>();
    private RtspTracks tracks = RtspTracks.NONE;
    private State state = State.INIT;
    private boolean busy;
    private long lastActivityNanos;
    private String cameraId;
    private String sessionId;
    private String announceUri;
    private ActivePublish active;
    private final TrackPipeline.Output delivery = new TrackPipeline.Output() {
        @Override
        public void tracksChanged() {
            if (active != null && !active.tracksUpdated(setUpTracks())) {
                close(EndReason.SERVER_CLOSED, "listener failed");
            }
        }

        @Override
        public void frame(MediaFrame frame) {
            if (active != null && !active.frame(frame)) {
                close(EndReason.SERVER_CLOSED, "listener failed");
            }
        }
    };

    /** @param clock System.nanoTime or a test's clock */
    public RtspSession(RtspServerConfig config, PublishGate gate, RtspConnection connection, LongSupplier clock) {
        this.config = config;
        this.gate = gate;
        this.clock = clock;
        this.connection = connection;
        this.refusals = gate.refusals();
        this.remote = connection.remote();
        this.connectedNanos = clock.getAsLong();
        this.lastActivityNanos = connectedNanos;
    }

    /** True once the session ended; nothing more is done. */
    public boolean isClosed() {
        return state == State.CLOSED;
    }

    /** Takes one decoded message: {@link RtspRequest}, {@link InterleavedFrame} or {@link RtspDecodeFailure}. */
    public void receive(Object message) {
        if (state == State.CLOSED) {
            return;
        }
        if (!busy) {
            handle(message);
        } else if (backlog.size() < MAX_BACKLOG) {
            backlog.add(message);
        } else {
            refusals.refuse(RejectReason.LIMIT, remote, "more than " + MAX_BACKLOG + " pipelined messages");
            close(EndReason.PROTOCOL_ERROR, "too many pipelined messages");
        }
    }

    /**
     * Slow-loris and idle guard: RECORD must come within the handshake timeout, then data within the session timeout.
     *
     * @param lastReadNanos when bytes last arrived on the connection (a request may still be incomplete)
     */
    public void checkTimeouts(long lastReadNanos) {
        long now = clock.getAsLong();
        if (state == State.CLOSED) {
            return;
        }
        if (state != State.RECORDING) {
            if (now - connectedNanos > config.handshakeTimeout().toNanos()) {
                refusals.refuse(
                        RejectReason.TIMEOUT,
                        remote,
                        "no RECORD within " + config.handshakeTimeout().toMillis() + " ms (state " + state + ")");
                close(EndReason.TIMEOUT, "no RECORD within the handshake timeout");
            }
        } else if (now - Math.max(lastActivityNanos, lastReadNanos)
                > config.sessionTimeout().toNanos()) {
            refusals.log()
                    .info(
                            "RTSP session %s (camera %s) timed out: nothing received for %d ms",
                            sessionId, cameraId, config.sessionTimeout().toMillis());
            close(EndReason.TIMEOUT, "no data for " + config.sessionTimeout().toMillis() + " ms");
        }
    }

    /** Ends the session (if any), releases UDP ports and closes the connection; safe to call more than once. */
    public void close(EndReason reason, String detail) {
        if (state != State.CLOSED) {
            end(reason, detail);
            connection.close();
        }
    }

    private void handle(Object message) {
        switch (message) {
            case InterleavedFrame f -> interleaved(f);
            case RtspRequest r -> request(r);
            case RtspDecodeFailure f -> {
                refusals.malformed();
                refusals.refuse(f.rejectReason(), remote, f.status().code() + " " + f.reason());
                answerAndClose(null, error(f.status(), f.reason()), EndReason.PROTOCOL_ERROR, f.reason());
            }
            default ->
                LOG.debugf("RTSP %s: ignoring %s", remote, message.getClass().getSimpleName());
        }
    }

    private void interleaved(InterleavedFrame f) {
        RtspTrack t = tracks.onChannel(f.channel());
        if (t != null) {
            rtp(t, f.data());
        } else if (!tracks.isSetUp(f.channel())) {
            refusals.frameDropped(); // a channel nobody set up; RTCP of a set-up track is not needed for recording
        }
    }

    private void rtp(RtspTrack t, byte[] data) {
        if (state == State.RECORDING) {
            t.rtp(data);
        } else {
            refusals.frameDropped(); // RFC 2326 §10.11: media before RECORD is not recorded
        }
    }

    private void request(RtspRequest r) {
        lastActivityNanos = clock.getAsLong();
        if (r.cseq() == null || r.cseq().isBlank()) {
            refusals.malformed();
            refusals.refuse(RejectReason.MALFORMED, remote, r.method() + " without CSeq");
            answerAndClose(
                    null,
                    error(RtspStatus.BAD_REQUEST, "missing CSeq header (RFC 2326 §12.17)"),
                    EndReason.PROTOCOL_ERROR,
                    "missing CSeq");
            return;
        }
        LOG.debugf("RTSP %s: %s %s (CSeq %s)", remote, r.method(), RtspUris.redact(r.uri()), r.cseq());
        switch (r.method()) {
            case "OPTIONS" -> answer(r, RtspResponse.of(RtspStatus.OK).header("Public", PUBLIC));
            case "ANNOUNCE" -> announce(r);
            case "SETUP" -> setup(r);
            case "RECORD" -> record(r);
            case "GET_PARAMETER", "SET_PARAMETER" -> {
                if (checkSession(r)) {
                    answer(r, RtspResponse.of(RtspStatus.OK));
                }
            }
            case "TEARDOWN" -> answerAndClose(r, RtspResponse.of(RtspStatus.OK), EndReason.UNPUBLISHED, "TEARDOWN");
            case "DESCRIBE", "PLAY", "PAUSE", "REDIRECT" ->
                answer(
                        r,
                        error(RtspStatus.METHOD_NOT_ALLOWED, "this server only accepts publishing (ANNOUNCE/RECORD)")
                                .header("Allow", PUBLIC));
            default ->
                answer(
                        r,
                        error(
                                        RtspStatus.NOT_IMPLEMENTED,
                                        "method " + RtspDecoder.clip(r.method()) + " is not implemented")
                                .header("Public", PUBLIC));
        }
    }

    private void announce(RtspRequest r) {
        if (state != State.INIT) {
            answer(r, error(RtspStatus.METHOD_NOT_VALID_IN_THIS_STATE, "ANNOUNCE was already accepted"));
            return;
        }
        String basic = RtspUris.basicPassword(r.headers().get("Authorization"));
        switch (gate.admit(RtspUris.pathOf(r.uri()), remote, basic)) {
            case Admission.Refused(RejectReason reason, String why)
            when reason == RejectReason.TOKEN_MISSING ->
                answer(r, error(RtspStatus.UNAUTHORIZED, why).header("WWW-Authenticate", "Basic realm=\"zonecam\""));
            case Admission.Refused(RejectReason reason, String why) ->
                refuseAnnounce(r, reason == RejectReason.BAD_PATH ? RtspStatus.NOT_FOUND : RtspStatus.FORBIDDEN, why);
            case Admission.Admitted(String camera) -> describe(r, camera);
        }
    }

    /** The admitted ANNOUNCE's body: the tracks its SDP offers. */
    private void describe(RtspRequest r, String camera) {
        RtspTracks.Offer offer = RtspTracks.offered(r, delivery, refusals, remote);
        if (offer.tracks() == null) {
            refuseAnnounce(r, offer.refusal(), offer.why());
            return;
        }
        tracks = offer.tracks();
        cameraId = camera;
        announceUri = r.uri();
        state = State.ANNOUNCED;
        answer(r, RtspResponse.of(RtspStatus.OK));
    }

    private void refuseAnnounce(RtspRequest r, RtspStatus status, String why) {
        answerAndClose(r, error(status, why), EndReason.PROTOCOL_ERROR, why);
    }

    private void setup(RtspRequest r) {
        if (state != State.ANNOUNCED && state != State.READY) {
            answer(
                    r,
                    error(
                            RtspStatus.METHOD_NOT_VALID_IN_THIS_STATE,
                            state == State.INIT
                                    ? "ANNOUNCE first: this server only accepts publishing"
                                    : "SETUP after RECORD is not supported"));
            return;
        }
        if (sessionId != null && r.headers().contains("Session") && !sessionId.equals(sessionOf(r))) {
            answer(r, error(RtspStatus.SESSION_NOT_FOUND, "unknown session"));
            return;
        }
        RtspTrack t = tracks.named(r.uri());
        if (t == null) {
            answer(
                    r,
                    tracks.several() && RtspUris.isAggregate(announceUri, r.uri())
                            ? error(
                                    RtspStatus.AGGREGATE_OPERATION_NOT_ALLOWED,
                                    "SETUP must name one track (a=control) of the announced SDP")
                            : error(RtspStatus.NOT_FOUND, "no announced track matches " + RtspUris.redact(r.uri())));
            return;
        }
        if (t.setUp) {
            answer(r, error(RtspStatus.METHOD_NOT_VALID_IN_THIS_STATE, "track " + t.control + " is already set up"));
            return;
        }
        TransportSpec spec = TransportSpec.parse(r.headers().get("Transport"));
        if (spec == null || spec.multicast()) {
            refuseTransport(
                    r, "use RTP/AVP/TCP;unicast;interleaved=<n>-<n+1> or RTP/AVP;unicast;client_port=<p>-<p+1>");
            return;
        }
        if (sessionId == null) {
            sessionId = SessionIds.next();
        }
        if (spec.tcp()) {
            setupInterleaved(r, t, spec);
        } else if (!config.udpEnabled() || spec.clientRtp() < 0) {
            refuseTransport(
                    r,
                    config.udpEnabled()
                            ? "UDP transport needs client_port=<rtp>-<rtcp>"
                            : "UDP transport is disabled: use TCP");
        } else {
            setupUdp(r, t, spec);
        }
    }

    private void refuseTransport(RtspRequest r, String why) {
        refusals.refuse(RejectReason.UNSUPPORTED, remote, "SETUP transport: " + why);
        answer(r, error(RtspStatus.UNSUPPORTED_TRANSPORT, why));
    }

    private void setupInterleaved(RtspRequest r, RtspTrack t, TransportSpec spec) {
        int ch = tracks.interleave(t, spec.interleaved());
        setUp(r, t, "RTP/AVP/TCP;unicast;interleaved=" + ch + "-" + (ch + 1), spec);
    }

    private void setupUdp(RtspRequest r, RtspTrack t, TransportSpec spec) {
        busy = true;
        connection.bindUdp(data -> rtp(t, data), () -> lastActivityNanos = clock.getAsLong(), ports -> {
            busy = false;
            if (state == State.CLOSED) {
                if (ports != null) {
                    ports.close();
                }
                return;
            }
            if (ports == null) {
                refusals.refuse(
                        RejectReason.CAPACITY,
                        remote,
                        "no free UDP port pair in " + config.udpPortMin() + "-" + config.udpPortMax());
                answer(
                        r,
                        error(RtspStatus.SERVICE_UNAVAILABLE, "no UDP ports free: use TCP (-rtsp_transport tcp)")
                                .header("Retry-After", "5"));
            } else {
                t.udp = ports;
                int sp = ports.rtpPort();
                setUp(
                        r,
                        t,
                        "RTP/AVP/UDP;unicast;client_port=" + spec.clientRtp() + "-" + spec.clientRtcp()
                                + ";server_port=" + sp + "-" + (sp + 1),
                        spec);
            }
            while (!busy && !backlog.isEmpty() && state != State.CLOSED) {
                handle(backlog.poll());
            }
        });
    }

    private void setUp(RtspRequest r, RtspTrack t, String transport, TransportSpec spec) {
        t.setUp = true;
        state = State.READY;
        answer(
                r,
                RtspResponse.of(RtspStatus.OK).header("Transport", transport + (spec.record() ? ";mode=record" : "")));
    }

    private void record(RtspRequest r) {
        if (state != State.READY) {
            answer(
                    r,
                    error(
                            RtspStatus.METHOD_NOT_VALID_IN_THIS_STATE,
                            state == State.RECORDING ? "already recording" : "SETUP at least one track before RECORD"));
            return;
        }
        if (!checkSession(r)) {
            return;
        }
        active = connection.startPublish(
                new PublishSession(sessionId, cameraId, IngestProtocol.RTSP, remote, Instant.now(), setUpTracks()));
        if (active == null) {
            answerAndClose(
                    r,
                    error(RtspStatus.SERVICE_UNAVAILABLE, "the node cannot take this session now"),
                    EndReason.SERVER_CLOSED,
                    "sink refused");
            return;
        }
        state = State.RECORDING;
        lastActivityNanos = clock.getAsLong();
        answer(r, RtspResponse.of(RtspStatus.OK));
    }

    private List<TrackInfo> setUpTracks() {
        return tracks.setUpInfos();
    }

    private boolean checkSession(RtspRequest r) {
        String s = sessionOf(r);
        if (sessionId == null || s == null || !s.equals(sessionId)) {
            answer(r, error(RtspStatus.SESSION_NOT_FOUND, s == null ? "Session header missing" : "unknown session"));
            return false;
        }
        return true;
    }

    private static String sessionOf(RtspRequest r) {
        return RtspUris.sessionId(r.headers().get("Session"));
    }

    /** Adds CSeq (echoed when there is a request), Server and Session. */
    private RtspResponse stamped(RtspRequest r, RtspResponse resp) {
        if (r != null && r.cseq() != null) {
            resp.header("CSeq", r.cseq());
        }
        resp.header("Server", "zonecam");
        if (r != null && sessionId != null) {
            resp.header(
                    "Session", sessionId + ";timeout=" + config.sessionTimeout().toSeconds());
        }
        return resp;
    }

    private void answer(RtspRequest r, RtspResponse resp) {
        connection.send(stamped(r, resp));
    }

    /** Answers and closes the connection once the answer is written. */
    private void answerAndClose(RtspRequest r, RtspResponse resp, EndReason reason, String detail) {
        if (state != State.CLOSED) {
            end(reason, detail);
            connection.sendAndClose(stamped(r, resp));
        }
    }

    private void end(EndReason reason, String detail) {
        state = State.CLOSED; // first, so nothing below can re-enter
        if (active != null) {
            tracks.flush();
        }
        tracks.release();
        if (active != null) {
            active.end(reason, detail);
        }
        backlog.clear();
    }
}
