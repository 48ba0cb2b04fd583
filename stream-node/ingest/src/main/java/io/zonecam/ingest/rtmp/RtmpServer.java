package io.zonecam.ingest.rtmp;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.zonecam.ingest.IngestProtocol;
import io.zonecam.ingest.PublishAuthorizer;
import io.zonecam.ingest.PublishSink;
import io.zonecam.ingest.server.AbstractIngestServer;
import io.zonecam.ingest.session.PublishGate;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * RtmpServer accepts RTMP publishers ({@code rtmp://host:1935/live/<cameraId>?token=<token>}) and hands their media
 * to a {@link PublishSink}.
 *
 * <p>Pipeline per connection: byte meter → idle timer → handshake (removes itself) → chunk decoder → chunk encoder →
 * the adapter of the connection's {@link RtmpSession}. Everything for one connection runs on one event loop thread.
 */
public final class RtmpServer extends AbstractIngestServer {

    private static final Logger LOG = Logger.getLogger(RtmpServer.class);

    private final RtmpServerConfig config;
    private final PublishGate gate;

    /**
     * @param group event loop group to run on, or null to own one (shut down by {@link #stop()})
     */
    public RtmpServer(RtmpServerConfig config, PublishAuthorizer authorizer, PublishSink sink, EventLoopGroup group) {
        super(IngestProtocol.RTMP, sink, LOG, config.host(), config.port(), config.maxConnections(), group);
        this.config = config;
        this.gate = new PublishGate(config.application(), authorizer, refusals, "stream name");
    }

    @Override
    protected void initConnection(SocketChannel ch) {
        ByteMeter meter = (ByteMeter) ch.pipeline().get("meter");
        RtmpConnectionHandler handler = new RtmpConnectionHandler(config, gate, publisher(ch), meter);
        ch.pipeline()
                .addLast("idle", new IdleStateHandler(config.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS))
                .addLast("handshake", new RtmpHandshakeDecoder(handler::handshakeDone))
                .addLast(
                        "chunkDecoder",
                        new RtmpChunkDecoder(
                                config.maxChunkSize(), config.maxMessageLength(), config.maxChunkStreams()))
                .addLast("chunkEncoder", new RtmpChunkEncoder())
                .addLast("session", handler);
    }
}
