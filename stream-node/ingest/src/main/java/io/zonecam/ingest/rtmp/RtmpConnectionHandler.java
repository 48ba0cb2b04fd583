package io.zonecam.ingest.rtmp;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
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
import io.zonecam.media.frame.MediaFrame;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * RtmpConnectionHandler is the server-side state machine of one RTMP publishing connection: NetConnection and
 * NetStream commands (RTMP 1.0 §7.2), authorisation of the publish, and media hand-off through
 * {@link FlvMediaDemuxer} to the session's listener.
 *
 * <p>Flow as ffmpeg and OBS drive it: connect → _result; releaseStream/FCPublish (no reply needed); createStream →
 * _result(stream id); publish(name) → onStatus NetStream.Publish.Start, or an error onStatus and close; then audio,
 * video and data messages; FCUnpublish/deleteStream end the session.
 */
final class RtmpConnectionHandler extends SimpleChannelInboundHandler<RtmpMessage> {

    private static final Logger LOG = Logger.getLogger(RtmpConnectionHandler.class);
    private static final int CSID_CONTROL = 2;
    private static final int CSID_COMMAND = 3;
    private static final int CSID_STATUS = 5;
    private static final int MAX_STREAMS = 4;

    private enum State {
        HANDSHAKE,
        CONNECTING,
        CONNECTED,
        PUBLISHING,
        CLOSED
    }

    private final RtmpServerConfig config;
    private final PublishAuthorizer authorizer;
    private final PublishSink sink;
    private final IngestCounters counters;
    private final RateLimitedLog refusals;
    private final SessionHooks hooks;
    private final AbstractIngestServer.ByteMeter meter;
    private final RtmpChunkEncoder encoder;

    private ChannelHandlerContext ctx;
    private State state = State.HANDSHAKE;
    private ScheduledFuture<?> handshakeDeadline;
    private String app;
    private String tcUrl;
    private int streamsCreated;
    private int publishStreamId = -1;
    private String cameraId;
    private String sessionId;
    private FlvMediaDemuxer demuxer;
    private ActivePublish active;
    private boolean expectVideo;
    private boolean expectAudio;
    private long peerWindow;
    private long lastAck;
    private boolean loggedUnsupported;

    /** SessionHooks connects the handler to the server's session registry. */
    interface SessionHooks {
        void started(PublishSession session, RtmpConnectionHandler handler);

        void ended(String sessionId);
    }

    RtmpConnectionHandler(
            RtmpServerConfig config,
            PublishAuthorizer authorizer,
            PublishSink sink,
            IngestCounters counters,
            RateLimitedLog refusals,
            SessionHooks hooks,
            AbstractIngestServer.ByteMeter meter,
            RtmpChunkEncoder encoder) {
        this.config = config;
        this.authorizer = authorizer;
        this.sink = sink;
        this.counters = counters;
        this.refusals = refusals;
        this.hooks = hooks;
        this.meter = meter;
        this.encoder = encoder;
    }

    /** Called by the handshake decoder when C2 arrived. */
    void handshakeDone() {
        if (state == State.HANDSHAKE) {
            state = State.CONNECTING;
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // Slow-loris guard: a connection must reach an authorised publish within the handshake timeout.
        handshakeDeadline = ctx.executor()
                .schedule(
                        () -> {
                            if (state != State.PUBLISHING && state != State.CLOSED) {
                                refuse(
                                        RejectReason.TIMEOUT,
                                        "no authorised publish within "
                                                + config.handshakeTimeout().toMillis() + " ms (state " + state + ")");
                                close(EndReason.TIMEOUT, "handshake timeout");
                            }
                        },
                        config.handshakeTimeout().toMillis(),
                        TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        close(EndReason.CONNECTION_CLOSED, "connection closed by the publisher");
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            if (state != State.PUBLISHING) {
                counters.reject(RejectReason.TIMEOUT);
            }
            refusals.info(
                    "RTMP %s idle for %d ms, closing (camera %s)",
                    remote(), config.idleTimeout().toMillis(), cameraId);
            close(EndReason.TIMEOUT, "no data for " + config.idleTimeout().toMillis() + " ms");
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause.getCause() instanceof RtmpException || cause.getCause() instanceof Amf0Exception
                ? cause.getCause()
                : cause;
        if (root instanceof RtmpException || root instanceof Amf0Exception) {
            counters.countMalformed();
            if (state != State.PUBLISHING) {
                counters.reject(
                        root.getMessage() != null && root.getMessage().contains("exceeds the limit")
                                ? RejectReason.LIMIT
                                : RejectReason.MALFORMED);
            }
            refusals.info("RTMP %s closed: %s", remote(), root.getMessage());
            close(EndReason.PROTOCOL_ERROR, root.getMessage());
        } else if (root instanceof java.io.IOException) {
            LOG.debugf("RTMP %s I/O error: %s", remote(), root.toString());
            close(EndReason.CONNECTION_CLOSED, root.getMessage());
        } else {
            LOG.errorf(root, "RTMP %s: unexpected error", remote());
            close(EndReason.PROTOCOL_ERROR, root.toString());
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, RtmpMessage m) {
        if (state == State.CLOSED) {
            return;
        }
        acknowledge();
        switch (m.typeId()) {
            case RtmpMessage.SET_CHUNK_SIZE,
                    RtmpMessage.ABORT,
                    RtmpMessage.ACKNOWLEDGEMENT,
                    RtmpMessage.SET_PEER_BANDWIDTH -> {
                // Chunk size and abort act in the decoder; the others need nothing from a receiving server.
            }
            case RtmpMessage.WINDOW_ACK_SIZE -> peerWindow = m.u32(0);
            case RtmpMessage.USER_CONTROL -> userControl(m);
            case RtmpMessage.COMMAND_AMF0 -> command(m, 0);
            case RtmpMessage.COMMAND_AMF3 -> command(m, 1); // AMF3 command messages start with a 0 format byte
            case RtmpMessage.DATA_AMF0 -> data(m);
            case RtmpMessage.AUDIO, RtmpMessage.VIDEO -> media(m);
            default -> LOG.debugf("RTMP %s: ignoring message type %d", remote(), m.typeId());
        }
    }

    /** §5.4.3: acknowledge every window's worth of bytes the peer asked for. */
    private void acknowledge() {
        if (peerWindow > 0 && meter.total() - lastAck >= peerWindow) {
            lastAck = meter.total();
            send(control(RtmpMessage.ACKNOWLEDGEMENT, u32(lastAck & 0xFFFFFFFFL)));
            ctx.flush();
        }
    }

    private void userControl(RtmpMessage m) {
        byte[] p = m.payload();
        if (p.length >= 6 && p[0] == 0 && p[1] == 6) {
            // PingRequest → PingResponse with the same timestamp (§7.1.7).
            byte[] r = {0, 7, p[2], p[3], p[4], p[5]};
            ctx.writeAndFlush(control(RtmpMessage.USER_CONTROL, r));
        }
    }

    private void command(RtmpMessage m, int skip) {
        if (m.payload().length <= skip) {
            throw new RtmpException("empty command message");
        }
        List<Object> values = Amf0.decodeAll(m.payload(), skip, m.payload().length - skip);
        if (values.size() < 2 || !(values.get(0) instanceof String name)) {
            throw new RtmpException("command message without a name and transaction id");
        }
        double txn = values.get(1) instanceof Double d ? d : 0;
        switch (name) {
            case "connect" -> connect(txn, values);
            case "createStream" -> createStream(txn);
            case "publish" -> publish(m.streamId(), values);
            case "releaseStream", "FCPublish", "_checkbw", "getStreamLength" -> {
                // Nothing to do: ffmpeg and OBS do not wait for replies to these.
            }
            case "FCUnpublish", "deleteStream", "closeStream" -> {
                if (active != null || state == State.PUBLISHING) {
                    close(EndReason.UNPUBLISHED, name);
                }
            }
            case "play" -> {
                sendStatus(m.streamId(), "error", "NetStream.Play.Failed", "this server only accepts publishing");
                refuse(RejectReason.UNSUPPORTED, "play is not supported");
                closeAfterFlush(EndReason.PROTOCOL_ERROR, "play attempt");
            }
            default -> LOG.debugf("RTMP %s: ignoring command %s", remote(), name);
        }
    }

    private void connect(double txn, List<Object> values) {
        if (state != State.CONNECTING) {
            throw new RtmpException("connect in state " + state);
        }
        Map<?, ?> cmd = values.size() > 2 && values.get(2) instanceof Map<?, ?> mm ? mm : Map.of();
        app = cmd.get("app") instanceof String s ? s : "";
        tcUrl = cmd.get("tcUrl") instanceof String s ? s : "";
        String appName = app.contains("?") ? app.substring(0, app.indexOf('?')) : app;
        if (appName.endsWith("/")) {
            appName = appName.substring(0, appName.length() - 1);
        }
        if (!appName.equals(config.application())) {
            LinkedHashMap<String, Object> info = status(
                    "error",
                    "NetConnection.Connect.Rejected",
                    "unknown application '" + appName + "'; publish to rtmp://<host>/" + config.application()
                            + "/<cameraId>?token=<token>");
            send(command(0, CSID_COMMAND, "_error", txn, null, info));
            refuse(RejectReason.BAD_PATH, "unknown application '" + appName + "'");
            closeAfterFlush(EndReason.PROTOCOL_ERROR, "bad application");
            return;
        }
        send(control(RtmpMessage.WINDOW_ACK_SIZE, u32(config.windowAckSize())));
        send(control(RtmpMessage.SET_PEER_BANDWIDTH, new byte[] {
            (byte) (config.windowAckSize() >>> 24),
            (byte) (config.windowAckSize() >>> 16),
            (byte) (config.windowAckSize() >>> 8),
            (byte) config.windowAckSize(),
            2 /* dynamic */
        }));
        send(control(RtmpMessage.SET_CHUNK_SIZE, u32(config.outChunkSize())));
        encoder.chunkSize(config.outChunkSize()); // applies to messages written after the one above
        LinkedHashMap<String, Object> props = new LinkedHashMap<>();
        props.put("fmsVer", "FMS/3,0,1,123");
        props.put("capabilities", 31.0);
        LinkedHashMap<String, Object> info = status("status", "NetConnection.Connect.Success", "Connection succeeded.");
        info.put("objectEncoding", 0.0);
        send(command(0, CSID_COMMAND, "_result", txn, props, info));
        ctx.flush();
        state = State.CONNECTED;
    }

    private void createStream(double txn) {
        if (state != State.CONNECTED && state != State.PUBLISHING) {
            throw new RtmpException("createStream before connect");
        }
        if (++streamsCreated > MAX_STREAMS) {
            throw new RtmpException("more than " + MAX_STREAMS + " createStream calls");
        }
        send(command(0, CSID_COMMAND, "_result", txn, null, (double) streamsCreated));
        ctx.flush();
    }

    private void publish(int streamId, List<Object> values) {
        if (state != State.CONNECTED) {
            throw new RtmpException("publish in state " + state);
        }
        if (streamId < 1 || streamId > streamsCreated) {
            throw new RtmpException("publish on stream " + streamId + " that was not created");
        }
        String name = values.size() > 3 && values.get(3) instanceof String s ? s : "";
        // ffmpeg puts everything after "/live/" into the stream name: "<cameraId>?token=...".
        String path = "/" + config.application() + "/" + name;
        PublishPath parsed = PublishPath.parse(path);
        if (parsed == null) {
            rejectPublish(
                    streamId,
                    RejectReason.BAD_PATH,
                    "NetStream.Publish.BadName",
                    "stream name must be '<cameraId>?token=<token>'");
            return;
        }
        String token = parsed.query().get("token");
        if (token == null || token.isEmpty()) {
            // Some encoders can only put parameters on the application URL: look at tcUrl and app too.
            token = queryToken(tcUrl);
            if (token == null) {
                token = queryToken(app);
            }
        }
        if (token == null || token.isEmpty()) {
            rejectPublish(
                    streamId,
                    RejectReason.TOKEN_MISSING,
                    "NetStream.Publish.Rejected",
                    "authorization required: add ?token=<device token> to the stream name");
            return;
        }
        AuthDecision decision;
        try {
            decision =
                    authorizer.authorize(new PublishRequest(IngestProtocol.RTMP, parsed.cameraId(), token, remote()));
        } catch (RuntimeException e) {
            LOG.errorf(e, "RTMP authorizer failed for camera %s", parsed.cameraId());
            decision = AuthDecision.deny("authorization failed");
        }
        if (decision instanceof AuthDecision.Deny deny) {
            rejectPublish(
                    streamId, RejectReason.FORBIDDEN, "NetStream.Publish.Rejected", "not authorized: " + deny.reason());
            return;
        }
        cameraId = ((AuthDecision.Allow) decision).cameraId();
        sessionId = AbstractIngestServer.newSessionId();
        publishStreamId = streamId;
        demuxer = new FlvMediaDemuxer(new DemuxerOutput());
        state = State.PUBLISHING;
        handshakeDeadline.cancel(false);
        send(control(RtmpMessage.USER_CONTROL, new byte[] {0, 0, 0, 0, 0, (byte) streamId})); // StreamBegin
        sendStatus(
                streamId,
                "status",
                "NetStream.Publish.Start",
                name.contains("?")
                        ? name.substring(0, name.indexOf('?')) + " is now published"
                        : name + " is now published");
        LOG.debugf("RTMP %s publishing camera %s as session %s", remote(), cameraId, sessionId);
    }

    private static String queryToken(String s) {
        if (s == null) {
            return null;
        }
        int q = s.indexOf('?');
        return q < 0 ? null : PublishPath.parseQuery(s.substring(q + 1)).get("token");
    }

    private void rejectPublish(int streamId, RejectReason reason, String code, String description) {
        sendStatus(streamId, "error", code, description);
        refuse(reason, description);
        closeAfterFlush(EndReason.PROTOCOL_ERROR, description);
    }

    private void data(RtmpMessage m) {
        if (state != State.PUBLISHING || m.streamId() != publishStreamId) {
            return;
        }
        List<Object> values;
        try {
            values = Amf0.decodeAll(m.payload());
        } catch (Amf0Exception e) {
            counters.countMalformed(); // metadata is advisory: a bad one costs nothing but a count
            LOG.debugf("RTMP session %s: unreadable data message: %s", sessionId, e.getMessage());
            return;
        }
        // "@setDataFrame", "onMetaData", {…} from ffmpeg; "onMetaData", {…} from others.
        for (Object v : values) {
            if (v instanceof Map<?, ?> meta) {
                expectVideo =
                        meta.get("videocodecid") != null && !Double.valueOf(0).equals(meta.get("videocodecid"));
                expectAudio =
                        meta.get("audiocodecid") != null && !Double.valueOf(0).equals(meta.get("audiocodecid"));
                maybeStart();
                return;
            }
        }
    }

    private void media(RtmpMessage m) {
        if (state != State.PUBLISHING || m.streamId() != publishStreamId) {
            counters.countFrameDropped();
            return;
        }
        if (m.typeId() == RtmpMessage.VIDEO) {
            demuxer.video(m.timestamp(), m.payload());
        } else {
            demuxer.audio(m.timestamp(), m.payload());
        }
    }

    /** Starts the sink session once the tracks the metadata announced have their configurations. */
    private void maybeStart() {
        if (active != null || state != State.PUBLISHING) {
            return;
        }
        boolean videoReady = !expectVideo || demuxer.hasVideo();
        boolean audioReady = !expectAudio || demuxer.hasAudio();
        if ((expectVideo || expectAudio) && videoReady && audioReady) {
            start();
        }
    }

    private void start() {
        PublishSession session =
                new PublishSession(sessionId, cameraId, IngestProtocol.RTMP, remote(), Instant.now(), demuxer.tracks());
        active = ActivePublish.start(sink, session, counters, () -> hooks.ended(session.sessionId()));
        if (active == null) {
            closeAfterFlush(EndReason.SERVER_CLOSED, "sink refused the session");
            return;
        }
        hooks.started(session, this);
    }

    private final class DemuxerOutput implements FlvMediaDemuxer.Output {
        @Override
        public void tracksChanged() {
            if (active == null) {
                maybeStart();
            } else if (!active.tracksUpdated(demuxer.tracks())) {
                close(EndReason.SERVER_CLOSED, "listener failed");
            }
        }

        @Override
        public void frame(MediaFrame frame) {
            if (active == null) {
                start();
                if (active == null) {
                    return;
                }
            }
            if (!active.frame(frame)) {
                close(EndReason.SERVER_CLOSED, "listener failed");
            }
        }

        @Override
        public void dropped(String why, boolean malformed) {
            counters.countFrameDropped();
            if (malformed) {
                counters.countMalformed();
            }
            if (malformed || !loggedUnsupported) {
                loggedUnsupported |= !malformed;
                refusals.info("RTMP session %s (camera %s): dropped media: %s", sessionId, cameraId, why);
            }
        }
    }

    /** Ends the session (if any) and closes the connection; safe to call more than once. */
    void close(EndReason reason, String detail) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        if (handshakeDeadline != null) {
            handshakeDeadline.cancel(false);
        }
        if (active != null) {
            active.end(reason, detail);
        }
        ctx.channel().close();
    }

    /** Sends what is queued (an error status) before closing, so the publisher can show the reason. */
    private void closeAfterFlush(EndReason reason, String detail) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        if (handshakeDeadline != null) {
            handshakeDeadline.cancel(false);
        }
        if (active != null) {
            active.end(reason, detail);
        }
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    private void refuse(RejectReason reason, String why) {
        counters.reject(reason);
        refusals.info("RTMP publish from %s refused (%s): %s", remote(), reason, why);
    }

    private InetSocketAddress remote() {
        return ctx == null ? null : (InetSocketAddress) ctx.channel().remoteAddress();
    }

    private void send(RtmpMessage m) {
        ctx.write(m);
    }

    private void sendStatus(int streamId, String level, String code, String description) {
        send(command(streamId, CSID_STATUS, "onStatus", 0.0, null, status(level, code, description)));
        ctx.flush();
    }

    private static LinkedHashMap<String, Object> status(String level, String code, String description) {
        LinkedHashMap<String, Object> info = new LinkedHashMap<>();
        info.put("level", level);
        info.put("code", code);
        info.put("description", description);
        return info;
    }

    private static RtmpMessage control(int type, byte[] payload) {
        return new RtmpMessage(CSID_CONTROL, type, 0, 0, payload);
    }

    private static RtmpMessage command(int streamId, int csid, Object... values) {
        return new RtmpMessage(csid, RtmpMessage.COMMAND_AMF0, streamId, 0, Amf0.encode(values));
    }

    private static byte[] u32(long v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }
}
