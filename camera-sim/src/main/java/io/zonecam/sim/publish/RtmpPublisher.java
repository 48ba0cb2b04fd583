package io.zonecam.sim.publish;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.zonecam.ingest.rtmp.Amf0;
import io.zonecam.ingest.rtmp.Amf0Exception;
import io.zonecam.ingest.rtmp.RtmpChunkDecoder;
import io.zonecam.ingest.rtmp.RtmpChunkEncoder;
import io.zonecam.ingest.rtmp.RtmpMessage;
import io.zonecam.sim.clip.Clip;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * RtmpPublisher publishes as an RTMP encoder does: handshake, Set Chunk Size, {@code connect} to the application,
 * {@code releaseStream}/{@code FCPublish}/{@code createStream}, {@code publish} of
 * {@code <cameraId>?token=...}, then on NetStream.Publish.Start the metadata, the AVC and AAC sequence headers and FLV
 * tags (FLV 10.1 annex E.4.2/E.4.3: NALU tags with a composition time, raw AAC tags).
 *
 * <p>Commands go through the ingest module's AMF0 and chunk encoders. Media tags are chunked here straight into one
 * pooled buffer per frame (format 0 header, format 3 continuations, RTMP 1.0 §5.3.1) so a frame is copied once. The
 * RTMP timestamp is the decode time in milliseconds from the first frame of this session (a keyframe), like ffmpeg.
 */
final class RtmpPublisher extends PublishConnection {

    private static final Logger LOG = Logger.getLogger(RtmpPublisher.class);
    private static final int CSID_CONTROL = 2;
    private static final int CSID_COMMAND = 3;
    private static final int CSID_AUDIO = 4;
    private static final int CSID_DATA = 5;
    private static final int CSID_VIDEO = 6;
    private static final double TXN_CONNECT = 1;
    private static final double TXN_CREATE_STREAM = 4;
    private static final int EXTENDED = 0xFFFFFF;

    private final String app;
    private final String streamName;
    private final String tcUrl;
    private final RtmpChunkEncoder commands = new RtmpChunkEncoder();
    private int streamId = -1;
    private long baseMillis = -1;

    RtmpPublisher(Setup setup) {
        super(setup);
        // rtmp://host:port/<app>/<stream name>?query: the query belongs to the stream name (how ffmpeg and OBS pass
        // it).
        String path = target.url().getRawPath() == null ? "" : target.url().getRawPath();
        String p = path.startsWith("/") ? path.substring(1) : path;
        int slash = p.indexOf('/');
        if (slash <= 0 || slash == p.length() - 1) {
            throw new IllegalArgumentException("RTMP URL must be rtmp://host[:port]/<app>/<stream>: " + target);
        }
        app = p.substring(0, slash);
        String query = target.url().getRawQuery();
        if (query == null && target.token() != null) {
            query = "token=" + target.token();
        }
        streamName = p.substring(slash + 1) + (query == null ? "" : "?" + query);
        tcUrl = "rtmp://" + target.url().getHost() + ":" + target.port() + "/" + app;
    }

    @Override
    protected void initPipeline(ChannelPipeline p) {
        p.addLast("handshake", new RtmpClientHandshake(this::handshakeDone));
        p.addLast("chunkDecoder", new RtmpChunkDecoder(1 << 20, 1 << 20, 16));
        p.addLast("chunkEncoder", commands);
        p.addLast("rtmp", new Handler());
    }

    private void handshakeDone() {
        channel.write(control(RtmpMessage.SET_CHUNK_SIZE, u32(config.rtmpChunkSize())));
        commands.chunkSize(config.rtmpChunkSize()); // applies to messages after the one above
        Map<String, Object> cmd = new LinkedHashMap<>();
        cmd.put("app", app);
        cmd.put("type", "nonprivate");
        cmd.put("flashVer", "FMLE/3.0 (compatible; zonecam-camera-sim)");
        cmd.put("tcUrl", tcUrl);
        command(0, "connect", TXN_CONNECT, cmd);
        channel.flush();
    }

    private void command(int stream, String name, double transaction, Object... args) {
        Object[] values = new Object[2 + args.length];
        values[0] = name;
        values[1] = transaction;
        System.arraycopy(args, 0, values, 2, args.length);
        channel.write(new RtmpMessage(CSID_COMMAND, RtmpMessage.COMMAND_AMF0, stream, 0, Amf0.encode(values)));
    }

    private void message(RtmpMessage m) {
        switch (m.typeId()) {
            case RtmpMessage.COMMAND_AMF0 -> command(m);
            case RtmpMessage.USER_CONTROL -> {
                byte[] p = m.payload();
                if (p.length >= 6 && p[0] == 0 && p[1] == 6) {
                    // PingRequest → PingResponse with the same timestamp (RTMP 1.0 §7.1.7).
                    channel.writeAndFlush(control(RtmpMessage.USER_CONTROL, new byte[] {0, 7, p[2], p[3], p[4], p[5]}));
                }
            }
            default -> {
                // Window size, peer bandwidth, acknowledgements: nothing a publisher must act on.
            }
        }
    }

    private void command(RtmpMessage m) {
        List<Object> values;
        try {
            values = Amf0.decodeAll(m.payload());
        } catch (Amf0Exception e) {
            fail("unreadable RTMP command from the server: " + e.getMessage());
            return;
        }
        if (values.isEmpty() || !(values.get(0) instanceof String name)) {
            return;
        }
        double transaction = values.size() > 1 && values.get(1) instanceof Double d ? d : 0;
        switch (name) {
            case "_result" -> {
                if (transaction == TXN_CONNECT) {
                    command(0, "releaseStream", 2, null, streamName);
                    command(0, "FCPublish", 3, null, streamName);
                    command(0, "createStream", TXN_CREATE_STREAM, (Object) null);
                    channel.flush();
                } else if (transaction == TXN_CREATE_STREAM) {
                    if (values.size() < 4 || !(values.get(3) instanceof Double id)) {
                        fail("createStream answered without a stream id");
                        return;
                    }
                    streamId = id.intValue();
                    command(streamId, "publish", 5, null, streamName, "live");
                    channel.flush();
                }
            }
            case "_error" ->
                fail("RTMP " + (transaction == TXN_CONNECT ? "connect" : "command") + " refused: " + describe(values));
            case "onStatus" -> {
                Map<?, ?> info = values.size() > 3 && values.get(3) instanceof Map<?, ?> mm ? mm : Map.of();
                Object code = info.get("code");
                if ("NetStream.Publish.Start".equals(code)) {
                    sendHeaders();
                    confirmed();
                } else if ("error".equals(info.get("level"))) {
                    fail("RTMP publish refused: " + code + ": " + info.get("description"));
                } else {
                    LOG.debugf("camera %s: RTMP status %s", cameraId, code);
                }
            }
            default -> LOG.debugf("camera %s: RTMP command %s ignored", cameraId, name);
        }
    }

    private static String describe(List<Object> values) {
        for (Object v : values) {
            if (v instanceof Map<?, ?> m && m.get("code") != null) {
                return m.get("code") + ": " + m.get("description");
            }
        }
        return values.toString();
    }

    /** Metadata and the sequence headers: what a decoder needs before the first frame. */
    private void sendHeaders() {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("width", (double) clip.width());
        meta.put("height", (double) clip.height());
        meta.put("framerate", clip.fps());
        meta.put("videocodecid", 7.0);
        meta.put("videodatarate", clip.videoBitsPerSecond() / 1000.0);
        if (clip.hasAudio()) {
            meta.put("audiocodecid", 10.0);
            meta.put("audiosamplerate", (double) clip.audioRate());
            meta.put("audiosamplesize", 16.0);
            meta.put("stereo", clip.audioConfig().channels() > 1);
            meta.put("audiodatarate", clip.audioBitsPerSecond() / 1000.0);
        }
        meta.put("encoder", "zonecam-camera-sim");
        channel.write(new RtmpMessage(
                CSID_DATA, RtmpMessage.DATA_AMF0, streamId, 0, Amf0.encode("@setDataFrame", "onMetaData", meta)));
        byte[] avcc = clip.avcDecoderConfiguration();
        byte[] v = new byte[5 + avcc.length];
        v[0] = 0x17; // keyframe, AVC
        v[1] = 0; // AVC sequence header
        System.arraycopy(avcc, 0, v, 5, avcc.length);
        channel.write(new RtmpMessage(CSID_VIDEO, RtmpMessage.VIDEO, streamId, 0, v));
        if (clip.hasAudio()) {
            byte[] asc = clip.audioConfig().toByteArray();
            byte[] a = new byte[2 + asc.length];
            a[0] = (byte) 0xAF; // AAC; rate, size and type fields are fixed for AAC (the config decides)
            a[1] = 0; // AAC sequence header
            System.arraycopy(asc, 0, a, 2, asc.length);
            channel.write(new RtmpMessage(CSID_AUDIO, RtmpMessage.AUDIO, streamId, 0, a));
        }
        channel.flush();
    }

    @Override
    protected int writeVideo(VideoSample s) {
        long dtsMs = s.dts() / 90;
        if (baseMillis < 0) {
            baseMillis = dtsMs;
        }
        int cts = (int) (s.pts() / 90 - dtsMs);
        Clip.VideoFrame f = s.frame();
        byte[] marker = s.marker();
        int length = 5 + f.prefix().length + 4 + marker.length + f.body().length;
        ChunkWriter w = begin(CSID_VIDEO, RtmpMessage.VIDEO, dtsMs - baseMillis, length);
        w.put((byte) (s.keyframe() ? 0x17 : 0x27)); // frame type | codec id 7 (AVC)
        w.put((byte) 1); // AVC NALU
        w.put((byte) (cts >> 16));
        w.put((byte) (cts >> 8));
        w.put((byte) cts);
        w.put(f.prefix(), 0, f.prefix().length);
        // The marker SEI goes in front of the first slice (H.264 §7.4.1.2.3), 4-byte length prefixed like the rest.
        w.put((byte) (marker.length >>> 24));
        w.put((byte) (marker.length >>> 16));
        w.put((byte) (marker.length >>> 8));
        w.put((byte) marker.length);
        w.put(marker, 0, marker.length);
        w.put(f.body(), 0, f.body().length);
        return w.end();
    }

    @Override
    protected int writeAudio(AudioSample s) {
        long ms = s.time() * 1000 / clip.audioRate();
        if (baseMillis < 0 || ms < baseMillis) {
            return -1; // before this session's first video frame
        }
        ChunkWriter w = begin(CSID_AUDIO, RtmpMessage.AUDIO, ms - baseMillis, 2 + s.data().length);
        w.put((byte) 0xAF);
        w.put((byte) 1); // AAC raw
        w.put(s.data(), 0, s.data().length);
        return w.end();
    }

    @Override
    protected void sendUnpublish() {
        command(
                streamId,
                "FCUnpublish",
                6,
                null,
                streamName.contains("?") ? streamName.substring(0, streamName.indexOf('?')) : streamName);
        command(0, "deleteStream", 7, null, (double) streamId);
    }

    private ChunkWriter begin(int csid, int type, long timestamp, int length) {
        ChunkWriter w = new ChunkWriter();
        int chunk = config.rtmpChunkSize();
        long ts = timestamp & 0xFFFFFFFFL;
        w.extended = ts >= EXTENDED;
        int chunks = Math.max(1, (length + chunk - 1) / chunk);
        int size = 12 + (w.extended ? 4 : 0) + length + (chunks - 1) * (1 + (w.extended ? 4 : 0));
        w.out = channel.alloc().directBuffer(size);
        w.csid = csid;
        w.ts = (int) ts;
        w.chunk = chunk;
        w.left = chunk;
        // Format 0 header (RTMP 1.0 §5.3.1.2.1): timestamp, length, type, little-endian stream id.
        w.out.writeByte(csid);
        w.out.writeMedium(w.extended ? EXTENDED : (int) ts);
        w.out.writeMedium(length);
        w.out.writeByte(type);
        w.out.writeIntLE(streamId);
        if (w.extended) {
            w.out.writeInt((int) ts);
        }
        return w;
    }

    /** ChunkWriter writes one message body, inserting a format 3 header at every chunk boundary. */
    private final class ChunkWriter {
        ByteBuf out;
        int csid;
        int ts;
        int chunk;
        int left;
        boolean extended;

        void boundary() {
            if (left == 0) {
                out.writeByte(0xC0 | csid); // format 3 (§5.3.1.2.4)
                if (extended) {
                    out.writeInt(ts); // the extended timestamp repeats on every chunk (§5.3.1.3)
                }
                left = chunk;
            }
        }

        void put(byte b) {
            boundary();
            out.writeByte(b);
            left--;
        }

        void put(byte[] src, int off, int len) {
            while (len > 0) {
                boundary();
                int n = Math.min(left, len);
                out.writeBytes(src, off, n);
                off += n;
                len -= n;
                left -= n;
            }
        }

        int end() {
            int n = out.readableBytes();
            channel.write(out, channel.voidPromise());
            return n;
        }
    }

    private static RtmpMessage control(int type, byte[] payload) {
        return new RtmpMessage(CSID_CONTROL, type, 0, 0, payload);
    }

    private static byte[] u32(long v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    /** Handler hands the server's messages to the state machine. */
    private final class Handler extends SimpleChannelInboundHandler<RtmpMessage> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, RtmpMessage m) {
            message(m);
        }
    }
}
