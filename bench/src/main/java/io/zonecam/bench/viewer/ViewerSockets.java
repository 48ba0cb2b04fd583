package io.zonecam.bench.viewer;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.socket.InternetProtocolFamily;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * ViewerSockets gives every viewer of a fleet its own UDP socket (its own port, as each browser has) on one Netty
 * native epoll event loop, the fleet's only receive thread. A read takes what a socket has queued, up to
 * {@link #BATCH} datagrams, in one {@code recvmmsg}. Per-datagram work (decryption, the ledger) stays in
 * {@link BrowserLikeViewer}. The socket's receive buffer is asked for as a browser asks for it ({@link #RECEIVE_BUFFER}).
 *
 * <p>Not UDP_GRO: measured at 1,000 viewers (bench/README.md) it cost the loop more, not less, and it would spare the
 * node the splitting of its GSO sends that loopback otherwise does on the node's CPU.
 */
final class ViewerSockets implements AutoCloseable {

    /** Largest datagram a viewer reads (SRTP from the node is at most ~1,250 bytes). */
    static final int MAX_DATAGRAM = 2048;
    /** Datagrams one {@code recvmmsg} may return. */
    static final int BATCH = 16;

    /**
     * SO_RCVBUF a viewer socket asks for: libwebrtc's {@code kVideoRtpRecvBufferSize} (262,144,
     * {@code media/base/media_constants.cc}), which {@code WebRtcVideoChannel::SetInterface}
     * ({@code media/engine/webrtc_video_engine.cc}) sets on a video channel's RTP socket, so a Chromium viewer's
     * socket holds 512 KiB where the Linux default ({@code rmem_default}) is 208 KiB: Linux doubles what is asked, up
     * to {@code rmem_max}. {@code -Dzonecam.bench.viewer.rcvbuf=0} (through {@code --viewer-jvm}) keeps the kernel's
     * default, for comparison.
     */
    static final int RECEIVE_BUFFER = Integer.getInteger("zonecam.bench.viewer.rcvbuf", 262_144);

    private final EpollEventLoopGroup group;

    ViewerSockets() {
        if (!Epoll.isAvailable()) {
            throw new IllegalStateException("the viewers need Netty's native epoll: " + Epoll.unavailabilityCause());
        }
        this.group = new EpollEventLoopGroup(1, new DefaultThreadFactory("viewer-loop", true));
    }

    /** The receive thread: every channel's reads, and the fleet's timers. */
    EventLoop loop() {
        return group.next();
    }

    /** A bound, registered, not yet connected socket whose datagrams go to {@code inbound} on the loop. */
    EpollDatagramChannel open(InetSocketAddress bindTo, ChannelHandler inbound) throws IOException {
        EpollDatagramChannel ch = new EpollDatagramChannel(InternetProtocolFamily.IPv4);
        var c = ch.config();
        // Slots of MAX_DATAGRAM in a buffer of BATCH of them: Netty reads with recvmmsg.
        c.setOption(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_DATAGRAM);
        c.setOption(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(BATCH * MAX_DATAGRAM));
        if (RECEIVE_BUFFER > 0) {
            c.setOption(ChannelOption.SO_RCVBUF, RECEIVE_BUFFER);
        }
        ch.pipeline().addLast(inbound);
        try {
            if (!group.next().register(ch).await(5, TimeUnit.SECONDS)
                    || !ch.bind(bindTo).await(5, TimeUnit.SECONDS)
                    || !ch.isActive()) {
                throw new IOException("cannot bind a viewer socket to " + bindTo);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ch.close();
            throw new IOException("interrupted", e);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        return ch;
    }

    String describe() {
        return "Netty epoll, one loop thread, recvmmsg of up to " + BATCH + " datagrams, SO_RCVBUF " + RECEIVE_BUFFER;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
}
