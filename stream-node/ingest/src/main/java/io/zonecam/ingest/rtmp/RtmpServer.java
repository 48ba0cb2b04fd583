package io.zonecam.ingest.rtmp;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.zonecam.ingest.PublishAuthorizer;
import io.zonecam.ingest.PublishSession;
import io.zonecam.ingest.PublishSink;
import io.zonecam.ingest.server.AbstractIngestServer;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * RtmpServer accepts RTMP publishers ({@code rtmp://host:1935/live/<cameraId>?token=<token>}) and hands their media
 * to a {@link PublishSink}.
 *
 * <p>Pipeline per connection: byte meter → idle timer → handshake (removes itself) → chunk decoder → chunk encoder →
 * connection state machine. Everything for one connection runs on one event loop thread.
 */
public final class RtmpServer extends AbstractIngestServer {

    private static final Logger LOG = Logger.getLogger(RtmpServer.class);

    private final RtmpServerConfig config;
    private final PublishAuthorizer authorizer;
    private final PublishSink sink;

    /**
     * @param group event loop group to run on, or null to own one (shut down by {@link #stop()})
     */
    public RtmpServer(RtmpServerConfig config, PublishAuthorizer authorizer, PublishSink sink, EventLoopGroup group) {
        super(LOG, config.host(), config.port(), config.maxConnections(), group);
        this.config = config;
        this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    @Override
    protected String protocolName() {
        return "RTMP";
    }

    @Override
    protected void initConnection(SocketChannel ch) {
        ByteMeter meter = (ByteMeter) ch.pipeline().get("meter");
        RtmpChunkEncoder encoder = new RtmpChunkEncoder();
        RtmpConnectionHandler handler = new RtmpConnectionHandler(
                config,
                authorizer,
                sink,
                counters,
                refusals,
                new RtmpConnectionHandler.SessionHooks() {
                    @Override
                    public void started(PublishSession session, RtmpConnectionHandler h) {
                        register(session, ch, why -> h.close(io.zonecam.ingest.EndReason.SERVER_CLOSED, why));
                    }

                    @Override
                    public void ended(String sessionId) {
                        unregister(sessionId);
                    }
                },
                meter,
                encoder);
        ch.pipeline()
                .addLast("idle", new IdleStateHandler(config.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS))
                .addLast("handshake", new RtmpHandshakeDecoder(handler::handshakeDone))
                .addLast(
                        "chunkDecoder",
                        new RtmpChunkDecoder(
                                config.maxChunkSize(), config.maxMessageLength(), config.maxChunkStreams()))
                .addLast("chunkEncoder", encoder)
                .addLast("session", handler);
    }
}
