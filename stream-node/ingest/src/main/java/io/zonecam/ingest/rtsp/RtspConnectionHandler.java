package io.zonecam.ingest.rtsp;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import io.zonecam.ingest.AuthDecision;
import io.zonecam.ingest.EndReason;
import io.zonecam.ingest.IngestCounters;
import io.zonecam.ingest.IngestProtocol;
import io.zonecam.ingest.PublishAuthorizer;
import io.zonecam.ingest.PublishRequest;
import io.zonecam.ingest.PublishSession;
import io.zonecam.ingest.PublishSink;
import io.zonecam.ingest.RejectReason;
import io.zonecam.ingest.server.AbstractIngestServer;
import io.zonecam.ingest.server.ActivePublish;
import io.zonecam.ingest.server.PublishPath;
import io.zonecam.ingest.server.RateLimitedLog;
import io.zonecam.ingest.track.VideoTrackState;
import io.zonecam.media.MediaFormatException;
import io.zonecam.media.frame.MediaFrame;
import io.zonecam.media.frame.TrackInfo;
import io.zonecam.media.rtp.Depacketizer;
import io.zonecam.media.rtp.DepacketizerFactory;
import io.zonecam.media.rtp.NalDepacketizer;
import io.zonecam.media.rtp.RtpPacket;
import io.zonecam.media.rtp.RtpTrack;
import io.zonecam.media.sdp.MediaDescription;
import io.zonecam.media.sdp.SdpException;
import io.zonecam.media.sdp.SessionDescription;
import io.zonecam.media.timing.DtsEstimator;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * RtspConnectionHandler is the server-side state machine of one RTSP publishing connection (RFC 2326 §A.1 server
 * states, RECORD direction): OPTIONS, ANNOUNCE with SDP, SETUP per track over TCP interleaved or UDP, RECORD, media,
 * GET_PARAMETER/SET_PARAMETER/OPTIONS keep-alives and TEARDOWN.
 *
 * <p>States: INIT → (ANNOUNCE) ANNOUNCED → (SETUP) READY → (RECORD) RECORDING. The token is checked at ANNOUNCE,
 * before the SDP is even parsed; later requests must carry the Session id handed out at the first SETUP. Requests
 * that arrive while a UDP bind is in flight are queued (bounded) so responses keep their order.
 */
final class RtspConnectionHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = Logger.getLogger(RtspConnectionHandler.class);
    private static final String PUBLIC = "OPTIONS, ANNOUNCE, SETUP, RECORD, TEARDOWN, GET_PARAMETER, SET_PARAMETER";
    private static final int MAX_BACKLOG = 16;
    private static final int MAX_TRACKS = 8;

    private enum State {
        INIT,
        ANNOUNCED,
        READY,
        RECORDING,
        CLOSED
    }

    /** SessionHooks connects the handler to the server's session registry. */
    interface SessionHooks {
        void started(PublishSession session, RtspConnectionHandler handler);

        void ended(String sessionId);
    }

    /** One announced media section and what it was set up with. */
    private final class Track {
        final int trackId;
        final String control;
        final int payloadType;
        final Depacketizer depacketizer;
        final VideoTrackState video;
        final DtsEstimator dts;
        TrackInfo audioInfo;
        boolean setUp;
        int channel = -1;
        UdpMediaReceiver udp;
        final Consumer<MediaFrame> depacketized = this::depacketized;
        final Consumer<MediaFrame> timed = this::deliver;

        Track(int trackId, String control, RtpTrack rtp) {
            this.trackId = trackId;
            this.control = control;
            this.payloadType = rtp.payloadType();
            this.depacketizer = rtp.depacketizer();
            TrackInfo info = rtp.info();
            if (info.isVideo()) {
                video = new VideoTrackState(trackId, info.codec(), info.timescale());
                video.replace(info.parameterSets());
                // Unknown depth: start without delay and let the estimator widen on the first reordered frame.
                dts = new DtsEstimator(video.reorderDepth());
            } else {
                video = null;
                dts = null;
                audioInfo = info;
            }
        }

        TrackInfo info() {
            return video != null ? video.info() : audioInfo;
        }

        void rtp(byte[] data) {
            RtpPacket p;
            try {
                p = RtpPacket.parse(data, data.length);
            } catch (MediaFormatException e) {
                counters.countMalformed();
                return;
            }
            if (p.payloadType() != payloadType) {
                counters.countFrameDropped();
                return;
            }
            depacketizer.push(p, depacketized);
        }

        private void depacketized(MediaFrame f) {
            if (video == null) {
                deliver(f);
                return;
            }
            if (video.absorbInBand(f.data())) {
                dts.announceDepth(video.reorderDepth());
                tracksChanged();
            }
            dts.push(f, timed);
        }

        void flush() {
            if (depacketizer instanceof NalDepacketizer n) {
                n.flush(depacketized);
            }
            if (dts != null) {
                dts.flush(timed);
            }
        }

        private void deliver(MediaFrame f) {
            if (active != null && !active.frame(f)) {
                close(EndReason.SERVER_CLOSED, "listener failed");
            }
        }

        void release() {
            if (udp != null) {
                udp.close();
                udp = null;
            }
        }
    }

    private final RtspServerConfig config;
    private final PublishAuthorizer authorizer;
    private final PublishSink sink;
    private final IngestCounters counters;
    private final RateLimitedLog refusals;
    private final UdpPortPool ports;
    private final SessionHooks hooks;
    private final AbstractIngestServer.ByteMeter meter;

    private ChannelHandlerContext ctx;
    private State state = State.INIT;
    private final ArrayDeque<Object> backlog = new ArrayDeque<>();
    private boolean busy;
    private long lastActivityNanos = System.nanoTime();
    private long connectedNanos = System.nanoTime();
    private ScheduledFuture<?> timer;
    private String cameraId;
    private String sessionId;
    private String announceUri;
    private final List<Track> tracks = new ArrayList<>();
    private final Track[] byChannel = new Track[256];
    private ActivePublish active;

    RtspConnectionHandler(
            RtspServerConfig config,
            PublishAuthorizer authorizer,
            PublishSink sink,
            IngestCounters counters,
            RateLimitedLog refusals,
            UdpPortPool ports,
            SessionHooks hooks,
            AbstractIngestServer.ByteMeter meter) {
        this.config = config;
        this.authorizer = authorizer;
        this.sink = sink;
        this.counters = counters;
        this.refusals = refusals;
        this.ports = ports;
        this.hooks = hooks;
        this.meter = meter;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        connectedNanos = System.nanoTime();
        long period = Math.max(
                100,
                Math.min(
                                config.handshakeTimeout().toMillis(),
                                config.sessionTimeout().toMillis())
                        / 4);
        timer = ctx.executor().scheduleAtFixedRate(this::checkTimeouts, period, period, TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        close(EndReason.CONNECTION_CLOSED, "connection closed by the publisher");
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof java.io.IOException) {
            LOG.debugf("RTSP %s I/O error: %s", remote(), cause.toString());
            close(EndReason.CONNECTION_CLOSED, cause.getMessage());
        } else {
            LOG.errorf(cause, "RTSP %s: unexpected error", remote());
            close(EndReason.PROTOCOL_ERROR, cause.toString());
        }
    }

    /** Slow-loris and idle guard: RECORD must come within the handshake timeout, then data within the session timeout. */
    private void checkTimeouts() {
        if (state == State.CLOSED) {
            return;
        }
        long now = System.nanoTime();
        long last = Math.max(lastActivityNanos, meter.lastReadNanos());
        if (state != State.RECORDING) {
            if (now - connectedNanos > config.handshakeTimeout().toNanos()) {
                counters.reject(RejectReason.TIMEOUT);
                refusals.info(
                        "RTSP %s closed: no RECORD within %d ms (state %s)",
                        remote(), config.handshakeTimeout().toMillis(), state);
                close(EndReason.TIMEOUT, "no RECORD within the handshake timeout");
            }
        } else if (now - last > config.sessionTimeout().toNanos()) {
            refusals.info(
                    "RTSP session %s (camera %s) timed out: nothing received for %d ms",
                    sessionId, cameraId, config.sessionTimeout().toMillis());
            close(EndReason.TIMEOUT, "no data for " + config.sessionTimeout().toMillis() + " ms");
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (state == State.CLOSED) {
            return;
        }
        if (busy) {
            if (backlog.size() >= MAX_BACKLOG) {
                counters.reject(RejectReason.LIMIT);
                refusals.info("RTSP %s closed: more than %d pipelined messages", remote(), MAX_BACKLOG);
                close(EndReason.PROTOCOL_ERROR, "too many pipelined messages");
                return;
            }
            backlog.add(msg);
            return;
        }
        handle(msg);
    }

    private void handle(Object msg) {
        switch (msg) {
            case InterleavedFrame f -> interleaved(f);
            case RtspRequest r -> request(r);
            case RtspDecodeFailure f -> {
                counters.countMalformed();
                counters.reject(
                        f.status() == RtspStatus.REQUEST_ENTITY_TOO_LARGE
                                        || f.status() == RtspStatus.REQUEST_URI_TOO_LARGE
                                ? RejectReason.LIMIT
                                : RejectReason.MALFORMED);
                refusals.info("RTSP %s: %d %s", remote(), f.status().code(), f.reason());
                respondAndClose(null, error(f.status(), f.reason()), EndReason.PROTOCOL_ERROR, f.reason());
            }
            default ->
                LOG.debugf("RTSP %s: ignoring %s", remote(), msg.getClass().getSimpleName());
        }
    }

    private void drainBacklog() {
        while (!busy && !backlog.isEmpty() && state != State.CLOSED) {
            handle(backlog.poll());
        }
    }

    private void interleaved(InterleavedFrame f) {
        Track t = byChannel[f.channel()];
        if (t == null) {
            if (byChannel[f.channel() & ~1] == null) {
                counters.countFrameDropped(); // a channel nobody set up
            }
            return; // odd channel of a set-up track: RTCP, not needed for recording
        }
        if (state != State.RECORDING) {
            counters.countFrameDropped(); // RFC 2326 §10.11: media before RECORD is not recorded
            return;
        }
        t.rtp(f.data());
    }

    void udpRtp(Track t, byte[] data) {
        if (state == State.RECORDING) {
            t.rtp(data);
        } else {
            counters.countFrameDropped();
        }
    }

    private void request(RtspRequest r) {
        lastActivityNanos = System.nanoTime();
        String cseq = r.cseq();
        if (cseq == null || cseq.isBlank()) {
            counters.countMalformed();
            counters.reject(RejectReason.MALFORMED);
            refusals.info("RTSP %s: %s without CSeq", remote(), r.method());
            respondAndClose(
                    null,
                    error(RtspStatus.BAD_REQUEST, "missing CSeq header (RFC 2326 §12.17)"),
                    EndReason.PROTOCOL_ERROR,
                    "missing CSeq");
            return;
        }
        LOG.debugf("RTSP %s: %s %s (CSeq %s)", remote(), r.method(), redact(r.uri()), cseq);
        switch (r.method()) {
            case "OPTIONS" -> respond(r, RtspResponse.of(RtspStatus.OK).header("Public", PUBLIC));
            case "ANNOUNCE" -> announce(r);
            case "SETUP" -> setup(r);
            case "RECORD" -> record(r);
            case "GET_PARAMETER", "SET_PARAMETER" -> {
                if (checkSession(r)) {
                    respond(r, RtspResponse.of(RtspStatus.OK));
                }
            }
            case "TEARDOWN" -> {
                respondAndClose(r, RtspResponse.of(RtspStatus.OK), EndReason.UNPUBLISHED, "TEARDOWN");
            }
            case "DESCRIBE", "PLAY", "PAUSE", "REDIRECT" ->
                respond(
                        r,
                        error(RtspStatus.METHOD_NOT_ALLOWED, "this server only accepts publishing (ANNOUNCE/RECORD)")
                                .header("Allow", PUBLIC));
            default ->
                respond(
                        r,
                        error(
                                        RtspStatus.NOT_IMPLEMENTED,
                                        "method " + RtspDecoder.clip(r.method()) + " is not implemented")
                                .header("Public", PUBLIC));
        }
    }

    private void announce(RtspRequest r) {
        if (state != State.INIT) {
            respond(r, error(RtspStatus.METHOD_NOT_VALID_IN_THIS_STATE, "ANNOUNCE was already accepted"));
            return;
        }
        PublishPath path = PublishPath.parse(pathOf(r.uri()));
        if (path == null || !path.application().equals(config.application())) {
            refuse(
                    r,
                    RejectReason.BAD_PATH,
                    RtspStatus.NOT_FOUND,
                    "publish to rtsp://<host>/" + config.application() + "/<cameraId>?token=<token>");
            return;
        }
        String token = path.query().get("token");
        if (token == null || token.isEmpty()) {
            token = basicPassword(r.headers().get("Authorization"));
        }
        if (token == null || token.isEmpty()) {
            // 401 keeps the connection open: clients with credentials retry with Basic auth (RFC 2617 §2).
            counters.reject(RejectReason.TOKEN_MISSING);
            refusals.info(
                    "RTSP publish from %s for camera %s refused (TOKEN_MISSING): no token", remote(), path.cameraId());
            respond(
                    r,
                    error(
                                    RtspStatus.UNAUTHORIZED,
                                    "authorization required: add ?token=<device token> to the "
                                            + "URL or send it as the Basic auth password")
                            .header("WWW-Authenticate", "Basic realm=\"zonecam\""));
            return;
        }
        AuthDecision decision;
        try {
            decision = authorizer.authorize(new PublishRequest(IngestProtocol.RTSP, path.cameraId(), token, remote()));
        } catch (RuntimeException e) {
            LOG.errorf(e, "RTSP authorizer failed for camera %s", path.cameraId());
            decision = AuthDecision.deny("authorization failed");
        }
        if (decision instanceof AuthDecision.Deny deny) {
            refuse(r, RejectReason.FORBIDDEN, RtspStatus.FORBIDDEN, "not authorized: " + deny.reason());
            return;
        }
        String type = r.headers().get("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/sdp")) {
            refuse(
                    r,
                    RejectReason.UNSUPPORTED,
                    RtspStatus.UNSUPPORTED_MEDIA_TYPE,
                    "ANNOUNCE body must be application/sdp");
            return;
        }
        SessionDescription sdp;
        try {
            sdp = SessionDescription.parse(r.bodyText());
        } catch (SdpException e) {
            counters.countMalformed();
            refuse(r, RejectReason.MALFORMED, RtspStatus.BAD_REQUEST, "bad SDP: " + e.getMessage());
            return;
        }
        List<String> skipped = new ArrayList<>();
        for (MediaDescription md : sdp.media()) {
            if (tracks.size() >= MAX_TRACKS) {
                skipped.add(md.type() + " (more than " + MAX_TRACKS + " tracks)");
                continue;
            }
            int trackId = tracks.size() + 1;
            Optional<RtpTrack> rtp;
            try {
                // The m= port means nothing in an ANNOUNCE (ffmpeg writes 0); the transport comes with SETUP.
                rtp = DepacketizerFactory.create(md, trackId);
            } catch (MediaFormatException | IllegalArgumentException e) {
                counters.countMalformed();
                refuse(
                        r,
                        RejectReason.MALFORMED,
                        RtspStatus.BAD_REQUEST,
                        "bad " + md.type() + " section in the SDP: " + e.getMessage());
                tracks.clear();
                return;
            }
            if (rtp.isEmpty()) {
                skipped.add(md.type() + " " + md.formats() + " " + md.attributes("rtpmap"));
                continue;
            }
            String control = md.control().orElse("trackID=" + trackId);
            tracks.add(new Track(trackId, control, rtp.get()));
        }
        if (tracks.isEmpty()) {
            refuse(
                    r,
                    RejectReason.UNSUPPORTED,
                    RtspStatus.UNSUPPORTED_MEDIA_TYPE,
                    "no supported track (H.264, H.265, AAC, G.711, Opus) in the SDP; got " + skipped);
            return;
        }
        if (!skipped.isEmpty()) {
            LOG.infof("RTSP %s camera %s: ignoring unsupported media %s", remote(), path.cameraId(), skipped);
        }
        cameraId = ((AuthDecision.Allow) decision).cameraId();
        announceUri = r.uri();
        state = State.ANNOUNCED;
        respond(r, RtspResponse.of(RtspStatus.OK));
    }

    private void setup(RtspRequest r) {
        if (state != State.ANNOUNCED && state != State.READY) {
            respond(
                    r,
                    error(
                            RtspStatus.METHOD_NOT_VALID_IN_THIS_STATE,
                            state == State.INIT
                                    ? "ANNOUNCE first: this server only accepts publishing"
                                    : "SETUP after RECORD is not supported"));
            return;
        }
        if (sessionId != null && r.headers().contains("Session") && !sessionId.equals(sessionOf(r))) {
            respond(r, error(RtspStatus.SESSION_NOT_FOUND, "unknown session"));
            return;
        }
        Track t = trackFor(r.uri());
        if (t == null) {
            if (tracks.size() > 1 && isAggregate(r.uri())) {
                respond(
                        r,
                        error(
                                RtspStatus.AGGREGATE_OPERATION_NOT_ALLOWED,
                                "SETUP must name one track (a=control) of the announced SDP"));
            } else {
                respond(r, error(RtspStatus.NOT_FOUND, "no announced track matches " + redact(r.uri())));
            }
            return;
        }
        if (t.setUp) {
            respond(r, error(RtspStatus.METHOD_NOT_VALID_IN_THIS_STATE, "track " + t.control + " is already set up"));
            return;
        }
        TransportSpec spec = TransportSpec.parse(r.headers().get("Transport"));
        if (spec == null || spec.multicast()) {
            counters.reject(RejectReason.UNSUPPORTED);
            respond(
                    r,
                    error(
                            RtspStatus.UNSUPPORTED_TRANSPORT,
                            "use RTP/AVP/TCP;unicast;interleaved=<n>-<n+1> or RTP/AVP;unicast;client_port=<p>-<p+1>"));
            return;
        }
        if (sessionId == null) {
            sessionId = AbstractIngestServer.newSessionId();
        }
        if (spec.tcp()) {
            int ch = spec.interleaved();
            if (ch < 0 || ch > 254 || byChannel[ch] != null || byChannel[ch + 1] != null) {
                ch = freeChannelPair();
            }
            t.channel = ch;
            t.setUp = true;
            byChannel[ch] = t;
            state = State.READY;
            respond(
                    r,
                    RtspResponse.of(RtspStatus.OK)
                            .header(
                                    "Transport",
                                    "RTP/AVP/TCP;unicast;interleaved=" + ch + "-" + (ch + 1)
                                            + (spec.record() ? ";mode=record" : "")));
            return;
        }
        if (!config.udpEnabled() || spec.clientRtp() < 0) {
            counters.reject(RejectReason.UNSUPPORTED);
            respond(
                    r,
                    error(
                            RtspStatus.UNSUPPORTED_TRANSPORT,
                            config.udpEnabled()
                                    ? "UDP transport needs client_port=<rtp>-<rtcp>"
                                    : "UDP transport is disabled: use TCP"));
            return;
        }
        busy = true;
        ctx.channel().config().setAutoRead(false); // TCP back-pressure while the bind is in flight
        InetSocketAddress peer = remote();
        UdpMediaReceiver.bind(
                ctx.channel().eventLoop(),
                config.host(),
                ports,
                peer.getAddress(),
                counters,
                data -> udpRtp(t, data),
                () -> lastActivityNanos = System.nanoTime(),
                receiver -> {
                    busy = false;
                    ctx.channel().config().setAutoRead(true);
                    if (state == State.CLOSED) {
                        if (receiver != null) {
                            receiver.close();
                        }
                        return;
                    }
                    if (receiver == null) {
                        counters.reject(RejectReason.CAPACITY);
                        refusals.info(
                                "RTSP %s: no free UDP port pair in %d-%d",
                                remote(), config.udpPortMin(), config.udpPortMax());
                        respond(
                                r,
                                error(
                                                RtspStatus.SERVICE_UNAVAILABLE,
                                                "no UDP ports free: use TCP (-rtsp_transport tcp)")
                                        .header("Retry-After", "5"));
                    } else {
                        t.udp = receiver;
                        t.setUp = true;
                        state = State.READY;
                        int sp = receiver.rtpPort();
                        respond(
                                r,
                                RtspResponse.of(RtspStatus.OK)
                                        .header(
                                                "Transport",
                                                "RTP/AVP/UDP;unicast;client_port="
                                                        + spec.clientRtp() + "-" + spec.clientRtcp() + ";server_port="
                                                        + sp + "-" + (sp + 1)
                                                        + (spec.record() ? ";mode=record" : "")));
                    }
                    drainBacklog();
                });
    }

    private int freeChannelPair() {
        for (int ch = 0; ch < 255; ch += 2) {
            if (byChannel[ch] == null && byChannel[ch + 1] == null) {
                return ch;
            }
        }
        throw new IllegalStateException("no interleaved channel left"); // impossible with MAX_TRACKS
    }

    private void record(RtspRequest r) {
        if (state != State.READY) {
            respond(
                    r,
                    error(
                            RtspStatus.METHOD_NOT_VALID_IN_THIS_STATE,
                            state == State.RECORDING ? "already recording" : "SETUP at least one track before RECORD"));
            return;
        }
        if (!checkSession(r)) {
            return;
        }
        List<TrackInfo> infos = setUpTrackInfos();
        PublishSession session =
                new PublishSession(sessionId, cameraId, IngestProtocol.RTSP, remote(), Instant.now(), infos);
        active = ActivePublish.start(sink, session, counters, () -> hooks.ended(session.sessionId()));
        if (active == null) {
            respondAndClose(
                    r,
                    error(RtspStatus.SERVICE_UNAVAILABLE, "the node cannot take this session now"),
                    EndReason.SERVER_CLOSED,
                    "sink refused");
            return;
        }
        hooks.started(session, this);
        state = State.RECORDING;
        lastActivityNanos = System.nanoTime();
        respond(r, RtspResponse.of(RtspStatus.OK));
    }

    private List<TrackInfo> setUpTrackInfos() {
        List<TrackInfo> infos = new ArrayList<>();
        for (Track t : tracks) {
            if (t.setUp) {
                infos.add(t.info());
            }
        }
        return infos;
    }

    private void tracksChanged() {
        if (active != null && !active.tracksUpdated(setUpTrackInfos())) {
            close(EndReason.SERVER_CLOSED, "listener failed");
        }
    }

    /** Finds the track a SETUP URI names: its a=control as an absolute URL or as the last part of the URI. */
    private Track trackFor(String uri) {
        for (Track t : tracks) {
            if (uri.equals(t.control) || uri.endsWith("/" + t.control)) {
                return t;
            }
        }
        return null;
    }

    private boolean checkSession(RtspRequest r) {
        String s = sessionOf(r);
        if (sessionId == null || s == null || !s.equals(sessionId)) {
            respond(r, error(RtspStatus.SESSION_NOT_FOUND, s == null ? "Session header missing" : "unknown session"));
            return false;
        }
        return true;
    }

    private static String sessionOf(RtspRequest r) {
        String s = r.headers().get("Session");
        if (s == null) {
            return null;
        }
        int semi = s.indexOf(';');
        return (semi < 0 ? s : s.substring(0, semi)).trim();
    }

    private void refuse(RtspRequest r, RejectReason reason, RtspStatus status, String why) {
        counters.reject(reason);
        refusals.info("RTSP publish from %s refused (%s): %d %s", remote(), reason, status.code(), why);
        // A refused ANNOUNCE ends the conversation: ffmpeg gives up, and other clients must not probe further.
        respondAndClose(r, error(status, why), EndReason.PROTOCOL_ERROR, why);
    }

    private static RtspResponse error(RtspStatus status, String why) {
        return RtspResponse.withText(status, "text/plain; charset=utf-8", why + "\r\n");
    }

    private RtspResponse withCseq(RtspRequest r, RtspResponse resp) {
        resp.header("CSeq", r.cseq());
        resp.header("Server", "zonecam");
        if (sessionId != null) {
            resp.header(
                    "Session", sessionId + ";timeout=" + config.sessionTimeout().toSeconds());
        }
        return resp;
    }

    private void respond(RtspRequest r, RtspResponse resp) {
        ctx.writeAndFlush(withCseq(r, resp));
    }

    /** Answers (echoing the CSeq when there is a request) and closes once the answer is written. */
    private void respondAndClose(RtspRequest r, RtspResponse resp, EndReason reason, String detail) {
        if (state == State.CLOSED) {
            return;
        }
        if (r != null && r.cseq() != null) {
            withCseq(r, resp);
        } else {
            resp.header("Server", "zonecam");
        }
        endSession(reason, detail);
        ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
    }

    /** Ends the session (if any), releases UDP ports and closes the connection; safe to call more than once. */
    void close(EndReason reason, String detail) {
        if (state == State.CLOSED) {
            return;
        }
        endSession(reason, detail);
        ctx.channel().close();
    }

    private void endSession(EndReason reason, String detail) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED; // first, so nothing below can re-enter
        if (active != null) {
            for (Track t : tracks) {
                t.flush(); // frames held for dts, and a last access unit that never saw its marker bit
            }
        }
        if (timer != null) {
            timer.cancel(false);
        }
        for (Track t : tracks) {
            t.release();
        }
        if (active != null) {
            active.end(reason, detail);
        }
        backlog.clear();
    }

    private InetSocketAddress remote() {
        return ctx == null ? null : (InetSocketAddress) ctx.channel().remoteAddress();
    }

    /** Path and query of an rtsp:// URL (or the text itself when it is already a path). */
    private static String pathOf(String uri) {
        if (uri.startsWith("/")) {
            return uri;
        }
        try {
            URI u = new URI(uri);
            String p = u.getRawPath() == null ? "" : u.getRawPath();
            return u.getRawQuery() == null ? p : p + "?" + u.getRawQuery();
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** True when the URI names the whole presentation (the ANNOUNCE URL), not one track. */
    private boolean isAggregate(String uri) {
        String a = trimSlash(announceUri);
        String u = trimSlash(uri);
        return u.equals(a) || u.equals(trimSlash(stripQuery(a)));
    }

    private static String trimSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static String stripQuery(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    /** The URI without its query, for logs: tokens must not be logged. */
    static String redact(String uri) {
        int q = uri.indexOf('?');
        return RtspDecoder.clip(q < 0 ? uri : uri.substring(0, q) + "?…");
    }

    /** The password of a Basic Authorization header (RFC 7617), or null. */
    static String basicPassword(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded =
                    new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : decoded.substring(colon + 1);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
