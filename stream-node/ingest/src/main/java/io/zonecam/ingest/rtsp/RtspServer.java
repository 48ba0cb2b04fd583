package io.zonecam.ingest.rtsp;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.zonecam.ingest.IngestProtocol;
import io.zonecam.ingest.PublishAuthorizer;
import io.zonecam.ingest.PublishSink;
import io.zonecam.ingest.server.AbstractIngestServer;
import io.zonecam.ingest.session.PublishGate;
import org.jboss.logging.Logger;

/**
 * RtspServer accepts RTSP publishers ({@code rtsp://host:8554/live/<cameraId>?token=<token>}, ANNOUNCE + RECORD,
 * RTP over TCP interleaved or UDP) and hands their media to a {@link PublishSink}.
 *
 * <p>Pipeline per connection: byte meter → request/interleaved decoder → response encoder → the adapter of the
 * connection's {@link RtspSession}. UDP media sockets are bound per track on the connection's event loop from the
 * configured port range.
 */
public final class RtspServer extends AbstractIngestServer {

    private static final Logger LOG = Logger.getLogger(RtspServer.class);

    private final RtspServerConfig config;
    private final PublishGate gate;
    private final UdpPortPool ports;

    /**
     * @param group event loop group to run on, or null to own one (shut down by {@link #stop()})
     */
    public RtspServer(RtspServerConfig config, PublishAuthorizer authorizer, PublishSink sink, EventLoopGroup group) {
        super(IngestProtocol.RTSP, sink, LOG, config.host(), config.port(), config.maxConnections(), group);
        this.config = config;
        this.gate = new PublishGate(
                config.application(), authorizer, refusals, "URL or send it as the Basic auth password");
        this.ports = new UdpPortPool(config.udpPortMin(), config.udpPortMax());
    }

    /** UDP port pairs currently bound by sessions. */
    public int udpPortPairsInUse() {
        return ports.inUse();
    }

    @Override
    protected void initConnection(SocketChannel ch) {
        ByteMeter meter = (ByteMeter) ch.pipeline().get("meter");
        ch.pipeline()
                .addLast("decoder", new RtspDecoder(config.limits()))
                .addLast("encoder", new RtspEncoder())
                .addLast("session", new RtspConnectionHandler(config, gate, counters, ports, publisher(ch), meter));
    }
}
