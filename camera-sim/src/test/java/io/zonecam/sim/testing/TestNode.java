package io.zonecam.sim.testing;

import io.zonecam.ingest.IngestProtocol;
import io.zonecam.ingest.IngestServer;
import io.zonecam.ingest.rtmp.RtmpServer;
import io.zonecam.ingest.rtmp.RtmpServerConfig;
import io.zonecam.ingest.rtsp.RtspServer;
import io.zonecam.ingest.rtsp.RtspServerConfig;
import io.zonecam.sim.publish.PublishTarget;

/** TestNode is an ingest server of the stream node running in-process on an ephemeral port with a collecting sink. */
public final class TestNode implements AutoCloseable {

    public final IngestProtocol protocol;
    public final IngestServer server;
    public final CollectingSink sink = new CollectingSink();
    private final int port;

    private TestNode(IngestProtocol protocol) throws InterruptedException {
        this.protocol = protocol;
        this.server = protocol == IngestProtocol.RTSP
                ? new RtspServer(
                        RtspServerConfig.builder()
                                .host("127.0.0.1")
                                .port(0)
                                .udpEnabled(false)
                                .build(),
                        new AllowGoodTokens(),
                        sink,
                        null)
                : new RtmpServer(
                        RtmpServerConfig.builder().host("127.0.0.1").port(0).build(),
                        new AllowGoodTokens(),
                        sink,
                        null);
        this.port = server.start().getPort();
    }

    public static TestNode start(IngestProtocol protocol) throws InterruptedException {
        return new TestNode(protocol);
    }

    /** The publish target for a camera with a valid token. */
    public PublishTarget target(String cameraId) {
        return PublishTarget.of(url(cameraId));
    }

    /** The publish URL for a camera with a valid token ({@code {i}} placeholders are kept as they are). */
    public String url(String cameraId) {
        return protocol.name().toLowerCase(java.util.Locale.ROOT) + "://127.0.0.1:" + port + "/live/" + cameraId
                + "?token=" + AllowGoodTokens.tokenFor(cameraId);
    }

    @Override
    public void close() {
        server.stop();
    }
}
