package io.zonecam.ingest.rtsp;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.zonecam.ingest.EndReason;
import io.zonecam.ingest.PublishAuthorizer;
import io.zonecam.ingest.PublishSession;
import io.zonecam.ingest.PublishSink;
import io.zonecam.ingest.server.AbstractIngestServer;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * RtspServer accepts RTSP publishers ({@code rtsp://host:8554/live/<cameraId>?token=<token>}, ANNOUNCE + RECORD,
 * RTP over TCP interleaved or UDP) and hands their media to a {@link PublishSink}.
 *
 * <p>Pipeline per connection: byte meter → request/interleaved decoder → response encoder → connection state machine.
 * UDP media sockets are bound per track on the connection's event loop from the configured port range.
 */
public final class RtspServer extends AbstractIngestServer {

    private static final Logger LOG = Logger.getLogger(RtspServer.class);

    private final RtspServerConfig config;
    private final PublishAuthorizer authorizer;
    private final PublishSink sink;
    private final UdpPortPool ports;

    /**
     * @param group event loop group to run on, or null to own one (shut down by {@link #stop()})
     */
    public RtspServer(RtspServerConfig config, PublishAuthorizer authorizer, PublishSink sink, EventLoopGroup group) {
        super(LOG, config.host(), config.port(), config.maxConnections(), group);
        this.config = config;
        this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.ports = new UdpPortPool(config.udpPortMin(), config.udpPortMax());
    }

    @Override
    protected String protocolName() {
        return "RTSP";
    }

    /** UDP port pairs currently bound by sessions. */
    public int udpPortPairsInUse() {
        return ports.inUse();
    }

    @Override
    protected void initConnection(SocketChannel ch) {
        ByteMeter meter = (ByteMeter) ch.pipeline().get("meter");
        RtspConnectionHandler handler = new RtspConnectionHandler(
                config,
                authorizer,
                sink,
                counters,
                refusals,
                ports,
                new RtspConnectionHandler.SessionHooks() {
                    @Override
                    public void started(PublishSession session, RtspConnectionHandler h) {
                        register(session, ch, why -> h.close(EndReason.SERVER_CLOSED, why));
                    }

                    @Override
                    public void ended(String sessionId) {
                        unregister(sessionId);
                    }
                },
                meter);
        ch.pipeline()
                .addLast("decoder", new RtspDecoder(config.limits()))
                .addLast("encoder", new RtspEncoder())
                .addLast("session", handler);
    }
}
