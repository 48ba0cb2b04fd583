package io.zonecam.ingest.rtmp;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;
import io.zonecam.ingest.EndReason;
import io.zonecam.ingest.PublishSession;
import io.zonecam.ingest.server.AbstractIngestServer;
import io.zonecam.ingest.session.ActivePublish;
import io.zonecam.ingest.session.PublishGate;
import io.zonecam.ingest.session.Publisher;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * RtmpConnectionHandler adapts one RTMP connection's Netty channel to its {@link RtmpSession}: reassembled messages,
 * decoder errors, the handshake deadline and idleness go in; messages and closing come out. All protocol decisions
 * are the session's.
 */
final class RtmpConnectionHandler extends SimpleChannelInboundHandler<RtmpMessage> implements RtmpConnection {

    private static final Logger LOG = Logger.getLogger(RtmpConnectionHandler.class);

    private final RtmpServerConfig config;
    private final PublishGate gate;
    private final Publisher publisher;
    private final AbstractIngestServer.ByteMeter meter;
    private ChannelHandlerContext ctx;
    private RtmpSession session;
    private ScheduledFuture<?> handshakeDeadline;
    /** Messages written since the last flush. */
    private boolean unflushed;

    RtmpConnectionHandler(
            RtmpServerConfig config, PublishGate gate, Publisher publisher, AbstractIngestServer.ByteMeter meter) {
        this.config = config;
        this.gate = gate;
        this.publisher = publisher;
        this.meter = meter;
    }

    /** Called by the handshake decoder when C2 arrived. */
    void handshakeDone() {
        session.handshakeDone();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        session = new RtmpSession(config, gate, this);
        handshakeDeadline = ctx.executor()
                .schedule(session::handshakeTimedOut, config.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        session.close(EndReason.CONNECTION_CLOSED, "connection closed by the publisher");
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            session.idle();
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Decoders' exceptions arrive wrapped in a DecoderException.
        Throwable root = cause.getCause() instanceof RtmpException ? cause.getCause() : cause;
        if (root instanceof RtmpException e) {
            session.fault(e);
        } else if (root instanceof IOException) {
            LOG.debugf("RTMP %s I/O error: %s", ctx.channel().remoteAddress(), root.toString());
            session.close(EndReason.CONNECTION_CLOSED, root.getMessage());
        } else {
            LOG.errorf(root, "RTMP %s: unexpected error", ctx.channel().remoteAddress());
            session.close(EndReason.PROTOCOL_ERROR, root.toString());
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, RtmpMessage m) {
        session.receive(m);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // A publisher sends media and gets nothing back but the odd acknowledgement: flush only what was written.
        if (unflushed) {
            unflushed = false;
            ctx.flush();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void send(RtmpMessage message) {
        ctx.write(message);
        unflushed = true;
    }

    @Override
    public void closeAfterSending() {
        handshakeDeadline.cancel(false);
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void close() {
        handshakeDeadline.cancel(false);
        ctx.flush();
        ctx.channel().close();
    }

    @Override
    public InetSocketAddress remote() {
        return (InetSocketAddress) ctx.channel().remoteAddress();
    }

    @Override
    public long bytesReceived() {
        return meter.total();
    }

    @Override
    public ActivePublish startPublish(PublishSession publish) {
        return publisher.start(publish, why -> session.close(EndReason.SERVER_CLOSED, why));
    }
}
