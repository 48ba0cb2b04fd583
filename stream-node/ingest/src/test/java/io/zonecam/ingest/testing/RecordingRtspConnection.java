package io.zonecam.ingest.testing;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.zonecam.ingest.PublishSession;
import io.zonecam.ingest.PublishSink;
import io.zonecam.ingest.rtsp.RtspConnection;
import io.zonecam.ingest.rtsp.RtspEncoder;
import io.zonecam.ingest.rtsp.RtspHeaders;
import io.zonecam.ingest.rtsp.RtspResponse;
import io.zonecam.ingest.session.ActivePublish;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * RecordingRtspConnection is the socket side of an {@link io.zonecam.ingest.rtsp.RtspSession} made of lists: the
 * answers as the bytes the real {@link RtspEncoder} writes, the UDP binds asked for, how the connection closed; it
 * publishes into {@code sink}, and fails the test when the session breaks what a real connection relies on (an answer
 * or a bind after the close, a malformed answer or a line break in a header, a publish for another camera than
 * {@code camera}).
 */
public final class RecordingRtspConnection<S extends PublishSink> extends RecordingConnection<S>
        implements RtspConnection {
    public final List<String> sent = new ArrayList<>();
    /** The UDP binds asked for, in order; a test completes one by calling it. */
    public final List<Consumer<UdpPorts>> binds = new ArrayList<>();

    public final List<Consumer<byte[]>> udpRtp = new ArrayList<>();
    public boolean refusePublish;
    /** The Session id of the first answer that carried one. */
    public String sessionId;

    /** @param camera the only camera a publish may start for; null for any */
    public RecordingRtspConnection(S sink, String camera) {
        super(sink, camera);
    }

    @Override
    public void send(RtspResponse response) {
        checkOpen("answer " + response.status() + " written");
        for (RtspHeaders.Header h : response.headers().all()) {
            if (h.value().indexOf('\r') >= 0
                    || h.value().indexOf('\n') >= 0
                    || h.name().indexOf(':') >= 0) {
                throw new AssertionError("header injection in answer: " + h);
            }
            if (h.name().equals("Session") && sessionId == null) {
                int semi = h.value().indexOf(';');
                sessionId = semi < 0 ? h.value() : h.value().substring(0, semi);
            }
        }
        String text = encode(response);
        if (!text.startsWith("RTSP/1.0 ") || !text.contains("\r\n\r\n")) {
            throw new AssertionError("malformed answer: " + text);
        }
        sent.add(text);
    }

    @Override
    public void sendAndClose(RtspResponse response) {
        send(response);
        closed = "after the answer";
    }

    @Override
    public void bindUdp(Consumer<byte[]> rtp, Runnable activity, Consumer<UdpPorts> bound) {
        checkOpen("UDP bind asked");
        udpRtp.add(rtp);
        binds.add(bound);
    }

    @Override
    public ActivePublish startPublish(PublishSession session) {
        return refusePublish ? null : publish(session);
    }

    /** The last answer sent. */
    public String last() {
        return sent.get(sent.size() - 1);
    }

    /** The bytes the real encoder writes for {@code response}. */
    public static String encode(RtspResponse response) {
        EmbeddedChannel ch = new EmbeddedChannel(new RtspEncoder());
        ch.writeOutbound(response);
        ByteBuf b = ch.readOutbound();
        String text = b.toString(StandardCharsets.UTF_8);
        b.release();
        ch.finish();
        return text;
    }
}
