package io.zonecam.ingest.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.zonecam.ingest.IngestCounters;
import io.zonecam.ingest.IngestProtocol;
import io.zonecam.ingest.IngestServer;
import io.zonecam.ingest.PublishSession;
import io.zonecam.ingest.PublishSink;
import io.zonecam.ingest.RejectReason;
import io.zonecam.ingest.session.ActivePublish;
import io.zonecam.ingest.session.Publisher;
import io.zonecam.ingest.session.RateLimitedLog;
import io.zonecam.ingest.session.Refusals;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * AbstractIngestServer is the TCP server plumbing shared by the RTSP and RTMP servers: binding, the connection limit,
 * byte counting, starting publishes at the sink and the registry of active sessions, and an orderly stop.
 */
public abstract class AbstractIngestServer implements IngestServer {

    /**
     * Buffers of every ingest connection, pooled in 4 MiB chunks. Netty's shared allocator takes its chunk size from
     * {@code io.netty.allocator.maxOrder}, which Quarkus sets to 3 (64 KiB chunks) for HTTP: a 64 KiB socket read or
     * a decoder's cumulation past 64 KiB was then a "huge" buffer, allocated outside the pool, zeroed and freed on
     * every read of a camera's stream (a sixth of the ingest threads' time at 150 cameras).
     */
    private static final ByteBufAllocator BUFFERS = new PooledByteBufAllocator(
            true,
            Math.max(1, PooledByteBufAllocator.defaultNumHeapArena()),
            Math.max(1, PooledByteBufAllocator.defaultNumDirectArena()),
            8192,
            9,
            256,
            64,
            true);

    protected final Logger log;
    protected final IngestCounters counters = new IngestCounters();
    protected final Refusals refusals;
    private final IngestProtocol protocol;
    private final PublishSink sink;
    private final String host;
    private final int port;
    private final int maxConnections;
    private final EventLoopGroup externalGroup;
    private final Map<String, Registered> sessions = new ConcurrentHashMap<>();
    private EventLoopGroup ownedGroup;
    private ChannelGroup channels;
    private Channel serverChannel;

    /** A started session and how to end it from another thread. */
    private record Registered(PublishSession session, Channel channel, Consumer<String> closer) {}

    /**
     * @param group the event loop group to run on, or null to own a small NIO group that {@link #stop()} shuts down
     */
    protected AbstractIngestServer(
            IngestProtocol protocol,
            PublishSink sink,
            Logger log,
            String host,
            int port,
            int maxConnections,
            EventLoopGroup group) {
        this.protocol = protocol;
        this.sink = Objects.requireNonNull(sink, "sink");
        this.log = log;
        this.refusals = new Refusals(protocol, counters, new RateLimitedLog(log, 20, 10_000));
        this.host = host;
        this.port = port;
        this.maxConnections = maxConnections;
        this.externalGroup = group;
    }

    /** Adds the protocol handlers to a new connection's pipeline (after the byte meter). */
    protected abstract void initConnection(SocketChannel ch);

    @Override
    public synchronized InetSocketAddress start() throws InterruptedException {
        if (serverChannel != null) {
            throw new IllegalStateException(protocol + " server already started");
        }
        EventLoopGroup group = externalGroup;
        if (group == null) {
            ownedGroup = new NioEventLoopGroup(
                    Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
            group = ownedGroup;
        }
        channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.ALLOCATOR, BUFFERS)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (counters.connectionsActive() >= maxConnections) {
                            refusals.refuse(
                                    RejectReason.CAPACITY,
                                    ch.remoteAddress(),
                                    maxConnections + " connections already open (limit)");
                            ch.close();
                            return;
                        }
                        counters.connectionOpened();
                        ch.closeFuture().addListener(f -> counters.connectionClosed());
                        channels.add(ch);
                        ch.pipeline().addLast("meter", new ByteMeter(counters));
                        initConnection(ch);
                    }
                });
        try {
            serverChannel = b.bind(host, port).sync().channel();
        } catch (InterruptedException | RuntimeException e) {
            shutdownOwnedGroup();
            throw e;
        }
        log.infof("%s server listening on %s", protocol, serverChannel.localAddress());
        return (InetSocketAddress) serverChannel.localAddress();
    }

    @Override
    public synchronized InetSocketAddress localAddress() {
        return serverChannel == null ? null : (InetSocketAddress) serverChannel.localAddress();
    }

    @Override
    public synchronized void stop() {
        if (serverChannel == null) {
            return;
        }
        serverChannel.close().syncUninterruptibly();
        for (Registered r : sessions.values()) {
            r.channel.eventLoop().execute(() -> r.closer.accept("server stopping"));
        }
        channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        onStop();
        shutdownOwnedGroup();
        serverChannel = null;
        log.infof("%s server stopped", protocol);
    }

    /** Releases protocol resources (UDP sockets) after all connections closed. */
    protected void onStop() {}

    private void shutdownOwnedGroup() {
        if (ownedGroup != null) {
            ownedGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            ownedGroup = null;
        }
    }

    @Override
    public IngestCounters counters() {
        return counters;
    }

    @Override
    public List<PublishSession> sessions() {
        List<PublishSession> list = new ArrayList<>();
        for (Registered r : sessions.values()) {
            list.add(r.session);
        }
        return list;
    }

    @Override
    public boolean disconnect(String sessionId) {
        Registered r = sessions.get(sessionId);
        if (r == null) {
            return false;
        }
        r.channel.eventLoop().execute(() -> r.closer.accept("disconnected by the server"));
        return true;
    }

    /**
     * The {@link Publisher} of one connection: opens its publishes at the sink, keeps them in {@link #sessions()}
     * until they end, and runs a disconnect on the connection's event loop.
     */
    protected Publisher publisher(Channel channel) {
        return (session, disconnect) -> {
            String id = session.sessionId();
            ActivePublish active = ActivePublish.start(sink, session, counters, () -> sessions.remove(id));
            if (active != null) {
                sessions.put(id, new Registered(session, channel, disconnect));
            }
            return active;
        };
    }

    /** ByteMeter counts received bytes for the counters and for protocol acknowledgements. */
    public static final class ByteMeter extends ChannelInboundHandlerAdapter {
        private final IngestCounters counters;
        private long total;
        private long lastReadNanos = System.nanoTime();

        ByteMeter(IngestCounters counters) {
            this.counters = counters;
        }

        /** Bytes received on this connection. */
        public long total() {
            return total;
        }

        /** When bytes last arrived (System.nanoTime). */
        public long lastReadNanos() {
            return lastReadNanos;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf b) {
                int n = b.readableBytes();
                total += n;
                counters.addBytesIn(n);
                lastReadNanos = System.nanoTime();
            }
            ctx.fireChannelRead(msg);
        }
    }
}
