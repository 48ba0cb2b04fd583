package io.zonecam.ingest.rtmp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.zonecam.ingest.testing.ServerEof;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** RawRtmpClient drives an RTMP server over a plain socket with the production chunk codec, byte by byte if needed. */
final class RawRtmpClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final EmbeddedChannel encoder = new EmbeddedChannel(new RtmpChunkEncoder());
    private final EmbeddedChannel decoder = new EmbeddedChannel(new RtmpChunkDecoder(1 << 20, 1 << 24, 64));
    private final ArrayDeque<RtmpMessage> received = new ArrayDeque<>();

    RawRtmpClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(5000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    void sendRaw(byte[] b) throws IOException {
        out.write(b);
        out.flush();
    }

    /** C0+C1, read S0+S1+S2, C2. */
    void handshake() throws IOException {
        byte[] c0c1 = new byte[1537];
        c0c1[0] = 3;
        sendRaw(c0c1);
        byte[] s = in.readNBytes(1 + 2 * 1536);
        if (s.length != 3073 || s[0] != 3) {
            throw new IOException("bad S0/S1/S2");
        }
        sendRaw(new byte[1536]);
    }

    void send(RtmpMessage m) throws IOException {
        encoder.writeOutbound(m);
        ByteBuf b;
        while ((b = encoder.readOutbound()) != null) {
            byte[] bytes = new byte[b.readableBytes()];
            b.readBytes(bytes);
            b.release();
            sendRaw(bytes);
        }
    }

    void command(int streamId, Object... values) throws IOException {
        send(new RtmpMessage(3, RtmpMessage.COMMAND_AMF0, streamId, 0, Amf0.encode(values)));
    }

    void connect(String app, String tcUrl) throws IOException {
        Map<String, Object> cmd = new LinkedHashMap<>();
        cmd.put("app", app);
        cmd.put("type", "nonprivate");
        cmd.put("tcUrl", tcUrl);
        command(0, "connect", 1.0, cmd);
    }

    /** Reads messages until one is a command with this name; returns its decoded values. */
    List<Object> awaitCommand(String name) throws IOException {
        while (true) {
            RtmpMessage m = next();
            if (m == null) {
                throw new IOException("connection closed before " + name);
            }
            if (m.typeId() == RtmpMessage.COMMAND_AMF0) {
                List<Object> v = Amf0.decodeAll(m.payload());
                if (name.equals(v.get(0))) {
                    return v;
                }
            }
        }
    }

    /** The next message from the server, or null at EOF. */
    RtmpMessage next() throws IOException {
        while (received.isEmpty()) {
            byte[] buf = new byte[4096];
            int n = in.read(buf);
            if (n < 0) {
                return null;
            }
            decoder.writeInbound(Unpooled.wrappedBuffer(buf, 0, n));
            RtmpMessage m;
            while ((m = decoder.readInbound()) != null) {
                received.add(m);
            }
        }
        return received.poll();
    }

    /** True when the server closed the connection (EOF within the socket timeout). */
    boolean closedByServer() {
        return ServerEof.reached(in);
    }

    @Override
    public void close() throws IOException {
        socket.close();
        encoder.finishAndReleaseAll();
        decoder.finishAndReleaseAll();
    }
}
