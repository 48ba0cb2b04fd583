package io.zonecam.ingest.testing;

import io.zonecam.ingest.IngestCounters;
import io.zonecam.ingest.PublishSession;
import io.zonecam.ingest.PublishSink;
import io.zonecam.ingest.session.ActivePublish;
import java.net.InetSocketAddress;

/**
 * RecordingConnection is what the RTMP and RTSP fake connections share: the peer's address, how the connection closed,
 * and publishes started into {@code sink}, failing the test when one is for another camera than {@code camera}.
 */
public abstract class RecordingConnection<S extends PublishSink> {
    public final S sink;
    /** null while open, then how it closed ("now", or after the last write). */
    public String closed;

    private final String camera;

    /** @param camera the only camera a publish may start for; null for any */
    protected RecordingConnection(S sink, String camera) {
        this.sink = sink;
        this.camera = camera;
    }

    public InetSocketAddress remote() {
        return new InetSocketAddress("127.0.0.1", 50000);
    }

    public void close() {
        closed = "now";
    }

    /** Fails the test: a real connection can no longer do {@code what} once closed. */
    protected void checkOpen(String what) {
        if (closed != null) {
            throw new AssertionError(what + " after the connection was closed (" + closed + ")");
        }
    }

    protected ActivePublish publish(PublishSession session) {
        if (camera != null && !camera.equals(session.cameraId())) {
            throw new AssertionError("publish started for camera " + session.cameraId() + " instead of " + camera);
        }
        return ActivePublish.start(sink, session, new IngestCounters(), () -> {});
    }
}
