package io.zonecam.ingest.testing;

import io.zonecam.ingest.PublishSession;
import io.zonecam.ingest.PublishSink;
import io.zonecam.ingest.rtmp.Amf0;
import io.zonecam.ingest.rtmp.RtmpConnection;
import io.zonecam.ingest.rtmp.RtmpMessage;
import io.zonecam.ingest.session.ActivePublish;
import java.util.ArrayList;
import java.util.List;

/**
 * RecordingRtmpConnection is the socket side of an {@link io.zonecam.ingest.rtmp.RtmpSession} made of lists: it keeps
 * the messages sent and how the connection closed, publishes into {@code sink}, and fails the test when the session
 * breaks what a real connection relies on (a write or a publish after the close, a command that is not valid AMF0, a
 * publish for another camera than {@code camera}).
 */
public final class RecordingRtmpConnection<S extends PublishSink> extends RecordingConnection<S>
        implements RtmpConnection {
    public final List<RtmpMessage> sent = new ArrayList<>();
    public long bytesReceived;

    /** @param camera the only camera a publish may start for; null for any */
    public RecordingRtmpConnection(S sink, String camera) {
        super(sink, camera);
    }

    @Override
    public void send(RtmpMessage message) {
        checkOpen("message of type " + message.typeId() + " written");
        if (message.typeId() == RtmpMessage.COMMAND_AMF0) {
            Amf0.decodeAll(message.payload()); // throws when the server wrote broken AMF0
        }
        sent.add(message);
    }

    @Override
    public void closeAfterSending() {
        if (closed == null) {
            closed = "after sending";
        }
    }

    @Override
    public long bytesReceived() {
        return bytesReceived;
    }

    @Override
    public ActivePublish startPublish(PublishSession session) {
        checkOpen("publish started");
        return publish(session);
    }

    /** The AMF0 values of the last command sent. */
    public List<Object> lastCommand() {
        for (int i = sent.size() - 1; i >= 0; i--) {
            if (sent.get(i).typeId() == RtmpMessage.COMMAND_AMF0) {
                return Amf0.decodeAll(sent.get(i).payload());
            }
        }
        throw new AssertionError("no command sent");
    }
}
