package io.zonecam.ingest.rtsp;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import io.zonecam.ingest.EndReason;
import io.zonecam.ingest.IngestCounters;
import io.zonecam.ingest.PublishSession;
import io.zonecam.ingest.server.AbstractIngestServer;
import io.zonecam.ingest.session.ActivePublish;
import io.zonecam.ingest.session.PublishGate;
import io.zonecam.ingest.session.Publisher;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * RtspConnectionHandler adapts one RTSP connection's Netty channel to its {@link RtspSession}: decoded messages and
 * timer ticks go in, responses, UDP sockets ({@link UdpMediaReceiver}) and closing come out. All protocol decisions
 * are the session's.
 */
final class RtspConnectionHandler extends ChannelInboundHandlerAdapter implements RtspConnection {

    private static final Logger LOG = Logger.getLogger(RtspConnectionHandler.class);

    private final RtspServerConfig config;
    private final PublishGate gate;
    private final IngestCounters counters;
    private final UdpPortPool ports;
    private final Publisher publisher;
    private final AbstractIngestServer.ByteMeter meter;
    private ChannelHandlerContext ctx;
    private RtspSession session;
    private ScheduledFuture<?> timer;

    RtspConnectionHandler(
            RtspServerConfig config,
            PublishGate gate,
            IngestCounters counters,
            UdpPortPool ports,
            Publisher publisher,
            AbstractIngestServer.ByteMeter meter) {
        this.config = config;
        this.gate = gate;
        this.counters = counters;
        this.ports = ports;
        this.publisher = publisher;
        this.meter = meter;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        session = new RtspSession(config, gate, this, System::nanoTime);
        long period = Math.max(
                100,
                Math.min(
                                config.handshakeTimeout().toMillis(),
                                config.sessionTimeout().toMillis())
                        / 4);
        timer = ctx.executor()
                .scheduleAtFixedRate(
                        () -> session.checkTimeouts(meter.lastReadNanos()), period, period, TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        end(EndReason.CONNECTION_CLOSED, "connection closed by the publisher");
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            LOG.debugf("RTSP %s I/O error: %s", remote(), cause.toString());
            end(EndReason.CONNECTION_CLOSED, cause.getMessage());
        } else {
            LOG.errorf(cause, "RTSP %s: unexpected error", remote());
            end(EndReason.PROTOCOL_ERROR, cause.toString());
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        session.receive(msg);
    }

    private void end(EndReason reason, String detail) {
        if (timer != null) {
            timer.cancel(false);
        }
        if (session != null) {
            session.close(reason, detail);
        }
    }

    @Override
    public void send(RtspResponse response) {
        ctx.writeAndFlush(response);
    }

    @Override
    public void sendAndClose(RtspResponse response) {
        timer.cancel(false);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void close() {
        timer.cancel(false);
        ctx.channel().close();
    }

    @Override
    public void bindUdp(Consumer<byte[]> rtp, Runnable activity, Consumer<UdpPorts> bound) {
        ctx.channel().config().setAutoRead(false); // TCP back-pressure while the bind is in flight
        new UdpMediaReceiver.Bind(
                        ctx.channel().eventLoop(),
                        config.host(),
                        ports,
                        remote().getAddress(),
                        counters,
                        rtp,
                        activity,
                        receiver -> {
                            ctx.channel().config().setAutoRead(true);
                            bound.accept(receiver);
                        })
                .start();
    }

    @Override
    public ActivePublish startPublish(PublishSession publish) {
        return publisher.start(publish, why -> session.close(EndReason.SERVER_CLOSED, why));
    }

    @Override
    public InetSocketAddress remote() {
        return (InetSocketAddress) ctx.channel().remoteAddress();
    }
}
