package io.zonecam.ingest.rtmp;

import io.zonecam.ingest.EndReason;
import io.zonecam.ingest.IngestProtocol;
import io.zonecam.ingest.PublishSession;
import io.zonecam.ingest.RejectReason;
import io.zonecam.ingest.session.ActivePublish;
import io.zonecam.ingest.session.Admission;
import io.zonecam.ingest.session.PublishGate;
import io.zonecam.ingest.session.PublishPath;
import io.zonecam.ingest.session.Refusals;
import io.zonecam.ingest.session.SessionIds;
import io.zonecam.media.frame.MediaFrame;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * RtmpSession is the server side of one RTMP publishing connection as a plain state machine: reassembled messages in,
 * messages and {@link RtmpConnection} effects out. NetConnection and NetStream commands (RTMP 1.0 §7.2), the shared
 * {@link PublishGate} at publish, and media through {@link FlvMediaDemuxer} to the session's listener.
 *
 * <p>Flow as ffmpeg and OBS drive it: connect → _result; releaseStream/FCPublish (no reply needed); createStream →
 * _result(stream id); publish(name) → onStatus NetStream.Publish.Start, or an error onStatus and close; then audio,
 * video and data messages; FCUnpublish/deleteStream end the session. Input that breaks the protocol or a limit
 * ({@link RtmpException}) closes the connection, counted by its {@link RtmpException.Kind}. Not thread-safe.
 */
public final class RtmpSession {

    private static final Logger LOG = Logger.getLogger(RtmpSession.class);
    static final int CSID_CONTROL = 2;
    static final int CSID_COMMAND = 3;
    static final int CSID_STATUS = 5;
    static final int MAX_STREAMS = 4;

    private enum State {
        HANDSHAKE,
        CONNECTING,
        CONNECTED,
        PUBLISHING,
        CLOSED
    }

    private final RtmpServerConfig config;
    private final PublishGate gate;
    private final Refusals refusals;
    private final RtmpConnection connection;
    private final InetSocketAddress remote;
    private State state = State.HANDSHAKE;
    private String app = "";
    private String tcUrl = "";
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

    public RtmpSession(RtmpServerConfig config, PublishGate gate, RtmpConnection connection) {
        this.gate = gate;
        this.config = config;
        this.connection = connection;
        this.remote = connection.remote();
        this.refusals = gate.refusals();
    }

    /** The handshake (C0..C2) is done: commands may follow. */
    public void handshakeDone() {
        if (state == State.HANDSHAKE) {
            state = State.CONNECTING;
        }
    }

    /** Takes one reassembled message; input that breaks the protocol closes the session. */
    public void receive(RtmpMessage m) {
        if (state == State.CLOSED) {
            return;
        }
        try {
            handle(m);
        } catch (RtmpException e) {
            fault(e);
        }
    }

    /** Input the session or the decoders refused: counted by its kind, and the connection is closed. */
    public void fault(RtmpException e) {
        if (state == State.CLOSED) {
            return;
        }
        refusals.malformed();
        if (state != State.PUBLISHING) {
            refusals.refuse(e.kind().rejectReason(), remote, e.getMessage());
        } else {
            refusals.log().info("RTMP session %s (camera %s) closed: %s", sessionId, cameraId, e.getMessage());
        }
        close(EndReason.PROTOCOL_ERROR, e.getMessage());
    }

    /** Slow-loris guard: the handshake timeout passed; unless publishing by now, the connection is closed. */
    public void handshakeTimedOut() {
        if (state != State.PUBLISHING && state != State.CLOSED) {
            String why = "no authorised publish within "
                    + config.handshakeTimeout().toMillis() + " ms (state " + state + ")";
            refusals.refuse(RejectReason.TIMEOUT, remote, why);
            close(EndReason.TIMEOUT, "handshake timeout");
        }
    }

    /** Nothing arrived for the idle timeout. */
    public void idle() {
        if (state == State.CLOSED) {
            return;
        }
        String why = "no data for " + config.idleTimeout().toMillis() + " ms";
        if (state != State.PUBLISHING) {
            refusals.refuse(RejectReason.TIMEOUT, remote, why);
        } else {
            refusals.log().info("RTMP session %s (camera %s) closed: %s", sessionId, cameraId, why);
        }
        close(EndReason.TIMEOUT, why);
    }

    /** Ends the session (if any) and closes the connection; safe to call more than once. */
    public void close(EndReason reason, String detail) {
        if (end(reason, detail)) {
            connection.close();
        }
    }

    private void handle(RtmpMessage m) {
        acknowledge();
        switch (m.typeId()) {
            case RtmpMessage.SET_CHUNK_SIZE,
                    RtmpMessage.ABORT,
                    RtmpMessage.ACKNOWLEDGEMENT,
                    RtmpMessage.SET_PEER_BANDWIDTH -> {
                // Chunk size and abort act in the decoder; the others need nothing from a receiving server.
            }
            case RtmpMessage.WINDOW_ACK_SIZE -> peerWindow = m.u32(0);
            case RtmpMessage.USER_CONTROL -> userControl(m.payload());
            case RtmpMessage.COMMAND_AMF0 -> command(m, 0);
            case RtmpMessage.COMMAND_AMF3 -> command(m, 1); // AMF3 command messages start with a 0 format byte
            case RtmpMessage.DATA_AMF0 -> data(m);
            case RtmpMessage.AUDIO, RtmpMessage.VIDEO -> media(m);
            default -> LOG.debugf("RTMP %s: ignoring message type %d", remote, m.typeId());
        }
    }

    /** §5.4.3: acknowledge every window's worth of bytes the peer asked for. */
    private void acknowledge() {
        long received = connection.bytesReceived();
        if (peerWindow > 0 && received - lastAck >= peerWindow) {
            lastAck = received;
            connection.send(control(RtmpMessage.ACKNOWLEDGEMENT, u32(lastAck & 0xFFFFFFFFL)));
        }
    }

    private void userControl(byte[] p) {
        if (p.length >= 6 && p[0] == 0 && p[1] == 6) {
            // PingRequest → PingResponse with the same timestamp (§7.1.7).
            connection.send(control(RtmpMessage.USER_CONTROL, new byte[] {0, 7, p[2], p[3], p[4], p[5]}));
        }
    }

    private void command(RtmpMessage m, int skip) {
        if (m.payload().length <= skip) {
            throw RtmpException.malformed("empty command message");
        }
        List<Object> values = Amf0.decodeAll(m.payload(), skip, m.payload().length - skip);
        if (values.size() < 2 || !(values.get(0) instanceof String name)) {
            throw RtmpException.malformed("command message without a name and transaction id");
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
            }
            default -> LOG.debugf("RTMP %s: ignoring command %s", remote, name);
        }
    }

    private void connect(double txn, List<Object> values) {
        if (state != State.CONNECTING) {
            throw RtmpException.malformed("connect in state " + state);
        }
        Map<?, ?> cmd = values.size() > 2 && values.get(2) instanceof Map<?, ?> mm ? mm : Map.of();
        app = cmd.get("app") instanceof String s ? s : "";
        tcUrl = cmd.get("tcUrl") instanceof String s ? s : "";
        String appName = app.contains("?") ? app.substring(0, app.indexOf('?')) : app;
        if (appName.endsWith("/")) {
            appName = appName.substring(0, appName.length() - 1);
        }
        if (!appName.equals(config.application())) {
            String why = "unknown application '" + appName + "'; publish to rtmp://<host>/" + config.application()
                    + "/<cameraId>?token=<token>";
            connection.send(command(
                    0, CSID_COMMAND, "_error", txn, null, status("error", "NetConnection.Connect.Rejected", why)));
            refuse(RejectReason.BAD_PATH, why);
            return;
        }
        int window = config.windowAckSize();
        connection.send(control(RtmpMessage.WINDOW_ACK_SIZE, u32(window)));
        connection.send(control(RtmpMessage.SET_PEER_BANDWIDTH, new byte[] {
            (byte) (window >>> 24), (byte) (window >>> 16), (byte) (window >>> 8), (byte) window, 2 /* dynamic */
        }));
        connection.send(control(RtmpMessage.SET_CHUNK_SIZE, u32(config.outChunkSize())));
        LinkedHashMap<String, Object> props = new LinkedHashMap<>();
        props.put("fmsVer", "FMS/3,0,1,123");
        props.put("capabilities", 31.0);
        LinkedHashMap<String, Object> info = status("status", "NetConnection.Connect.Success", "Connection succeeded.");
        info.put("objectEncoding", 0.0);
        connection.send(command(0, CSID_COMMAND, "_result", txn, props, info));
        state = State.CONNECTED;
    }

    private void createStream(double txn) {
        if (state != State.CONNECTED && state != State.PUBLISHING) {
            throw RtmpException.malformed("createStream before connect");
        }
        if (++streamsCreated > MAX_STREAMS) {
            throw RtmpException.overLimit("more than " + MAX_STREAMS + " createStream calls");
        }
        connection.send(command(0, CSID_COMMAND, "_result", txn, null, (double) streamsCreated));
    }

    private void publish(int streamId, List<Object> values) {
        if (state != State.CONNECTED) {
            throw RtmpException.malformed("publish in state " + state);
        }
        if (streamId < 1 || streamId > streamsCreated) {
            throw RtmpException.malformed("publish on stream " + streamId + " that was not created");
        }
        String name = values.size() > 3 && values.get(3) instanceof String s ? s : "";
        // ffmpeg puts everything after "/live/" into the stream name: "<cameraId>?token=...". Some encoders can only
        // put parameters on the application URL: tcUrl and app are looked at too.
        Admission admission =
                gate.admit("/" + config.application() + "/" + name, remote, queryToken(tcUrl), queryToken(app));
        if (admission instanceof Admission.Refused(RejectReason reason, String why)) {
            String code = reason == RejectReason.BAD_PATH ? "NetStream.Publish.BadName" : "NetStream.Publish.Rejected";
            sendStatus(streamId, "error", code, why);
            end(EndReason.PROTOCOL_ERROR, why);
            connection.closeAfterSending();
            return;
        }
        cameraId = ((Admission.Admitted) admission).cameraId();
        sessionId = SessionIds.next();
        publishStreamId = streamId;
        demuxer = new FlvMediaDemuxer(new Delivery());
        state = State.PUBLISHING;
        connection.send(control(RtmpMessage.USER_CONTROL, new byte[] {0, 0, 0, 0, 0, (byte) streamId})); // StreamBegin
        String shown = name.contains("?") ? name.substring(0, name.indexOf('?')) : name;
        sendStatus(streamId, "status", "NetStream.Publish.Start", shown + " is now published");
        LOG.debugf("RTMP %s publishing camera %s as session %s", remote, cameraId, sessionId);
    }

    private static String queryToken(String s) {
        int q = s.indexOf('?');
        return q < 0 ? null : PublishPath.parseQuery(s.substring(q + 1)).get("token");
    }

    private void data(RtmpMessage m) {
        if (state != State.PUBLISHING || m.streamId() != publishStreamId) {
            return;
        }
        List<Object> values;
        try {
            values = Amf0.decodeAll(m.payload());
        } catch (Amf0Exception e) {
            refusals.malformed(); // metadata is advisory: a bad one costs nothing but a count
            LOG.debugf("RTMP session %s: unreadable data message: %s", sessionId, e.getMessage());
            return;
        }
        // "@setDataFrame", "onMetaData", {…} from ffmpeg; "onMetaData", {…} from others.
        for (Object v : values) {
            if (v instanceof Map<?, ?> meta) {
                expectVideo = isCodec(meta.get("videocodecid"));
                expectAudio = isCodec(meta.get("audiocodecid"));
                maybeStart();
                return;
            }
        }
    }

    private static boolean isCodec(Object id) {
        return id != null && !Double.valueOf(0).equals(id);
    }

    private void media(RtmpMessage m) {
        if (state != State.PUBLISHING || m.streamId() != publishStreamId) {
            refusals.frameDropped();
        } else if (m.typeId() == RtmpMessage.VIDEO) {
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
        if (state != State.PUBLISHING) {
            return; // refused or closed earlier in this message: a frame must not open the session again
        }
        active = connection.startPublish(
                new PublishSession(sessionId, cameraId, IngestProtocol.RTMP, remote, Instant.now(), demuxer.tracks()));
        if (active == null) {
            end(EndReason.SERVER_CLOSED, "sink refused the session");
            connection.closeAfterSending();
        }
    }

    /** Delivery takes the demuxer's tracks and frames to the publish, which starts with the first it needs. */
    private final class Delivery implements FlvMediaDemuxer.Output {
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
            }
            if (active != null && !active.frame(frame)) {
                close(EndReason.SERVER_CLOSED, "listener failed");
            }
        }

        @Override
        public void dropped(String why, boolean malformed) {
            refusals.frameDropped();
            if (malformed) {
                refusals.malformed();
            }
            if (malformed || !loggedUnsupported) {
                loggedUnsupported |= !malformed;
                refusals.log().info("RTMP session %s (camera %s): dropped media: %s", sessionId, cameraId, why);
            }
        }
    }

    /** Refuses what the publisher asked for: counted, logged, and closed once the answer is written. */
    private void refuse(RejectReason reason, String why) {
        refusals.refuse(reason, remote, why);
        end(EndReason.PROTOCOL_ERROR, why);
        connection.closeAfterSending();
    }

    /** Marks the session closed and ends the publish, once; true when this call did it. */
    private boolean end(EndReason reason, String detail) {
        if (state == State.CLOSED) {
            return false;
        }
        state = State.CLOSED;
        if (active != null) {
            active.end(reason, detail);
        }
        return true;
    }

    private void sendStatus(int streamId, String level, String code, String description) {
        connection.send(command(streamId, CSID_STATUS, "onStatus", 0.0, null, status(level, code, description)));
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
