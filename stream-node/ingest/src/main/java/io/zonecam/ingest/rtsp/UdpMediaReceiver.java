package io.zonecam.ingest.rtsp;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.zonecam.ingest.IngestCounters;
import java.net.InetAddress;
import java.util.function.Consumer;

/**
 * UdpMediaReceiver owns the RTP and RTCP sockets of one RTSP track set up with UDP transport (RFC 2326 §12.39
 * server_port). Both sockets live on the RTSP connection's own event loop, so packets reach the session without
 * locking. Packets from any address other than the publisher's are dropped and counted: a session cannot be fed by a
 * third party that guessed the port.
 */
final class UdpMediaReceiver implements RtspConnection.UdpPorts {

    /** Largest datagram accepted; bigger ones are truncated by the socket and then fail RTP parsing. */
    static final int MAX_DATAGRAM = 2048;

    private final UdpPortPool pool;
    private final int rtpPort;
    private Channel rtp;
    private Channel rtcp;
    private boolean closed;

    private UdpMediaReceiver(UdpPortPool pool, int rtpPort) {
        this.pool = pool;
        this.rtpPort = rtpPort;
    }

    @Override
    public int rtpPort() {
        return rtpPort;
    }

    /**
     * Bind binds a port pair from the pool on {@code loop}; {@code done} runs on the loop with the receiver, or with
     * null when no pair could be bound. {@code onRtp} receives RTP payload copies from {@code peer} only; any packet
     * from the peer on either port runs {@code onActivity}. Another process may hold a port, so a few pairs are tried
     * before giving up.
     */
    record Bind(
            EventLoop loop,
            String host,
            UdpPortPool pool,
            InetAddress peer,
            IngestCounters counters,
            Consumer<byte[]> onRtp,
            Runnable onActivity,
            Consumer<UdpMediaReceiver> done) {

        void start() {
            attempt(8);
        }

        private void attempt(int attempts) {
            int port = pool.allocate();
            if (port < 0) {
                done.accept(null);
                return;
            }
            UdpMediaReceiver r = new UdpMediaReceiver(pool, port);
            Runnable retry = () -> {
                pool.release(port);
                if (attempts > 1) {
                    attempt(attempts - 1);
                } else {
                    done.accept(null);
                }
            };
            ChannelFuture rtpBind = socket(onRtp).bind(host, port);
            rtpBind.addListener(f1 -> {
                if (!f1.isSuccess()) {
                    retry.run();
                    return;
                }
                r.rtp = rtpBind.channel();
                ChannelFuture rtcpBind = socket(null).bind(host, port + 1);
                rtcpBind.addListener(f2 -> {
                    if (!f2.isSuccess()) {
                        r.rtp.close();
                        retry.run();
                        return;
                    }
                    r.rtcp = rtcpBind.channel();
                    done.accept(r);
                });
            });
        }

        /** A socket on the loop whose packets go to {@code packets} (null: RTCP, only counted as activity). */
        private Bootstrap socket(Consumer<byte[]> packets) {
            return new Bootstrap()
                    .group(loop)
                    .channel(NioDatagramChannel.class)
                    .option(ChannelOption.SO_RCVBUF, 1 << 20)
                    .handler(new Handler(peer, counters, packets, onActivity));
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (rtp != null) {
            rtp.close();
        }
        if (rtcp != null) {
            rtcp.close();
        }
        pool.release(rtpPort);
    }

    private static final class Handler extends SimpleChannelInboundHandler<DatagramPacket> {
        private final InetAddress peer;
        private final IngestCounters counters;
        private final Consumer<byte[]> onRtp;
        private final Runnable onActivity;

        Handler(InetAddress peer, IngestCounters counters, Consumer<byte[]> onRtp, Runnable onActivity) {
            this.peer = peer;
            this.counters = counters;
            this.onRtp = onRtp;
            this.onActivity = onActivity;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
            ByteBuf content = p.content();
            counters.addBytesIn(content.readableBytes());
            if (!p.sender().getAddress().equals(peer)) {
                counters.countMalformed();
                return;
            }
            onActivity.run();
            if (onRtp != null && content.readableBytes() <= MAX_DATAGRAM) {
                byte[] data = new byte[content.readableBytes()];
                content.getBytes(content.readerIndex(), data);
                onRtp.accept(data);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // ICMP port unreachable and the like: nothing to do for a receive-only socket.
        }
    }
}
