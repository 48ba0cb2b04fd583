package io.zonecam.webrtc.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.SegmentedDatagramPacket;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.InternetProtocolFamily;
import io.netty.channel.unix.Errors;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * EpollMediaSocket is the media socket on Linux through Netty's native epoll transport: one event-loop thread reads the
 * port and writes what the egress workers hand it. A {@link DatagramBatch} crosses to that thread as one task and
 * leaves in one {@code sendmmsg}, its runs of equal-sized datagrams to one viewer (the packets of a picture) as one UDP
 * GSO message each ({@code UDP_SEGMENT}, Linux 4.18+), so the kernel walks its UDP/IP path once per run.
 *
 * <p>Sends never block: when more than the write buffer's high-water mark is waiting for the kernel, a batch is dropped
 * and counted, as the NIO socket drops a datagram on a full send buffer. That mark does not see batches still waiting
 * in the event loop's task queue, so a batch that waited there longer than {@link #MAX_SEND_DELAY_NANOS} is dropped
 * when its turn comes instead of sent: an event loop that falls behind catches up at once, and the queue holds at most
 * that long of offered media, where a bound in bytes dropped a keyframe's fan-out that the loop would still have sent
 * in time (counted apart, {@link TransportStats#sendExpired()}). An egress worker that runs ahead of the loop waits
 * ({@link #MAX_PENDING_DATAGRAMS}) rather than piling up encrypted copies there. A kernel that refuses GSO for the
 * route (EIO: no checksum offload) turns it off for good, logged once.
 */
final class EpollMediaSocket implements MediaSocket {

    private static final Logger LOG = Logger.getLogger(EpollMediaSocket.class);
    /** UDP_MAX_SEGMENTS of Linux before 6.9 (128 since): segments per GSO send. */
    static final int MAX_SEGMENTS = 64;
    /** A GSO send is one UDP datagram to the kernel: its payload stays below 64 KiB. */
    static final int MAX_GSO_BYTES = 60_000;

    /**
     * Longest a batch may wait for the event loop: the age past which the node no longer answers a NACK for a packet
     * ({@link io.zonecam.webrtc.rtx.RetransmissionBuffer#DEFAULT_MAX_AGE_NANOS}), so nothing older is worth the send.
     */
    static final long MAX_SEND_DELAY_NANOS = io.zonecam.webrtc.rtx.RetransmissionBuffer.DEFAULT_MAX_AGE_NANOS;

    /**
     * Datagrams handed to the event loop and not yet written, past which an egress worker waits before it hands over
     * more. Without this a worker that outran the loop piled encrypted copies into the loop's task queue: at 1,200
     * viewers on one core a second of them built up (about 300k datagrams, the node's RSS up 350 MB), each send then
     * cost more, the loop never caught up and 15.6 % of the media expired (2026-12-07). Waiting keeps the backlog in
     * the viewers' queues, as references to the camera's shared packets under their drop policy (SFU.md). 65,536 is
     * about 0.2 s of the loop's sending at 1,200 viewers (80 MB at most). A keyframe's fan-out to 1,000 viewers already
     * leaves tens of thousands waiting: with 8,192 the worker waited in most bursts (0.4-3.6 s a minute), with 65,536
     * for 0-0.25 s a minute. With either, nothing expired at 1,000-1,300 viewers; the loss left at 1,200-1,300 was
     * dropped at the viewers' sockets, with the node's or the load's core full (README, `bench-node knee-viewers`).
     */
    static final int MAX_PENDING_DATAGRAMS = 65_536;

    /**
     * Datagrams read per wake-up before the loop turns to its tasks. Netty's default for datagram channels is 16, and
     * in edge-triggered mode the rest of the read is queued as a task behind every egress batch already waiting: under
     * a burst the viewers' consent checks and RTCP then wait, the socket's buffer overflows, and sessions expire.
     * Reading is cheap next to sending, so each wake-up drains the socket (its 4 MiB buffer holds a few thousand small
     * ones).
     */
    static final int READS_PER_WAKE = 1024;

    private static final int EIO = 5;

    private final UdpTransport transport;
    private final TransportStats stats;
    private final EventLoopGroup group;
    private final EpollDatagramChannel channel;
    private final InetSocketAddress localAddress;
    private final byte[] rx;
    private final LongSupplier nanoClock;
    private final AtomicInteger pending = new AtomicInteger();
    private final ConcurrentLinkedQueue<Thread> waiting = new ConcurrentLinkedQueue<>();
    private volatile boolean gso;

    /** Whether Netty's native epoll transport loads here (Linux, the native library for this CPU present). */
    static boolean available() {
        try {
            return Epoll.isAvailable();
        } catch (LinkageError e) {
            return false;
        }
    }

    /** Why it does not load. */
    static String unavailability() {
        try {
            Throwable cause = Epoll.unavailabilityCause();
            return cause == null ? "available" : cause.toString();
        } catch (LinkageError e) {
            return e.toString();
        }
    }

    EpollMediaSocket(UdpTransport transport, TransportConfig config, TransportStats stats, boolean useGso)
            throws IOException {
        this(transport, config, stats, useGso, System::nanoTime);
    }

    /** With the clock that dates batches when handed over and when their turn on the event loop comes. */
    EpollMediaSocket(
            UdpTransport transport,
            TransportConfig config,
            TransportStats stats,
            boolean useGso,
            LongSupplier nanoClock)
            throws IOException {
        this.transport = transport;
        this.nanoClock = nanoClock;
        this.stats = stats;
        this.rx = new byte[config.maxDatagramSize() + 1];
        this.gso = useGso && EpollDatagramChannel.isSegmentedDatagramPacketSupported();
        this.group = new EpollEventLoopGroup(1, new DefaultThreadFactory("webrtc-udp-io", true));
        this.channel = new EpollDatagramChannel(
                config.bind().getAddress() instanceof Inet6Address
                        ? InternetProtocolFamily.IPv6
                        : InternetProtocolFamily.IPv4);
        try {
            var c = channel.config();
            c.setOption(ChannelOption.SO_RCVBUF, config.receiveBufferBytes());
            c.setOption(ChannelOption.SO_SNDBUF, config.sendBufferBytes());
            // One extra byte: a datagram that fills it was longer than maxDatagramSize and came truncated.
            c.setOption(
                    ChannelOption.RCVBUF_ALLOCATOR,
                    new FixedRecvByteBufAllocator(rx.length).maxMessagesPerRead(READS_PER_WAKE));
            c.setOption(
                    ChannelOption.WRITE_BUFFER_WATER_MARK,
                    new WriteBufferWaterMark(config.sendBufferBytes() / 2, config.sendBufferBytes()));
            c.setOption(ChannelOption.AUTO_READ, false);
            channel.pipeline().addLast(new Inbound());
            group.register(channel).syncUninterruptibly();
            var bound = channel.bind(config.bind()).awaitUninterruptibly();
            if (!bound.isSuccess()) {
                throw new IOException("cannot bind the media port to " + config.bind(), bound.cause());
            }
        } catch (IOException | RuntimeException e) {
            channel.close().awaitUninterruptibly();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
        this.localAddress = channel.localAddress();
    }

    @Override
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public void start() {
        channel.eventLoop()
                .scheduleAtFixedRate(
                        () -> transport.sweepEarlyDtls(System.nanoTime()),
                        UdpTransport.SWEEP_MILLIS,
                        UdpTransport.SWEEP_MILLIS,
                        TimeUnit.MILLISECONDS);
        channel.config().setAutoRead(true);
    }

    @Override
    public boolean send(byte[] buf, int offset, int length, InetSocketAddress to) {
        if (!channel.isActive()) {
            stats.sendErrors.increment();
            return false;
        }
        if (!channel.isWritable()) {
            stats.sendDropped.increment();
            return false;
        }
        ByteBuf b = channel.alloc().directBuffer(length).writeBytes(buf, offset, length);
        try {
            channel.writeAndFlush(new DatagramPacket(b, to), channel.voidPromise());
        } catch (RejectedExecutionException e) {
            stats.sendErrors.increment();
            return false;
        }
        stats.datagramsOut.increment();
        stats.bytesOut.add(length);
        return true;
    }

    @Override
    public int send(DatagramBatch batch) {
        int n = batch.size();
        if (n == 0) {
            return 0;
        }
        if (!channel.isActive()) {
            stats.sendErrors.add(n);
            return 0;
        }
        awaitRoom();
        if (!channel.isWritable()) {
            stats.sendDropped.add(n);
            return 0;
        }
        // One copy of the whole batch into native memory; each message is a slice of it.
        ByteBuf all = channel.alloc().directBuffer(batch.bytes()).writeBytes(batch.data(), 0, batch.bytes());
        Object[] messages = new Object[n];
        int m = 0;
        boolean segment = gso;
        try {
            for (int i = 0; i < n; ) {
                int run = segment ? batch.segmentRun(i, MAX_SEGMENTS, MAX_GSO_BYTES) : 1;
                int from = batch.offset(i);
                int last = i + run - 1;
                ByteBuf slice = all.retainedSlice(from, batch.offset(last) + batch.length(last) - from);
                messages[m++] = run > 1
                        ? new SegmentedDatagramPacket(slice, batch.length(i), batch.destination(i))
                        : new DatagramPacket(slice, batch.destination(i));
                i += run;
            }
        } finally {
            all.release();
        }
        int count = m;
        int bytes = batch.bytes();
        long handedOver = nanoClock.getAsLong();
        pending.addAndGet(n);
        try {
            channel.eventLoop().execute(() -> {
                if (nanoClock.getAsLong() - handedOver > MAX_SEND_DELAY_NANOS) {
                    release(messages, count);
                    stats.sendExpired.add(n);
                } else {
                    stats.datagramsOut.add(n);
                    stats.bytesOut.add(bytes);
                    for (int k = 0; k < count; k++) {
                        channel.write(messages[k], channel.voidPromise());
                    }
                    channel.flush();
                }
                written(n);
            });
        } catch (RejectedExecutionException e) {
            release(messages, count);
            stats.sendErrors.add(n);
            written(n);
            return 0;
        }
        return n;
    }

    /**
     * Waits, on an egress worker, while the loop holds {@link #MAX_PENDING_DATAGRAMS} or more; never on the loop itself
     * (it would wait for itself), and never longer than {@link #MAX_SEND_DELAY_NANOS}: a loop stuck that long gets the
     * batch anyway, and its age bound drops what went stale.
     */
    private void awaitRoom() {
        if (pending.get() < MAX_PENDING_DATAGRAMS || channel.eventLoop().inEventLoop()) {
            return;
        }
        Thread me = Thread.currentThread();
        long start = System.nanoTime();
        waiting.add(me);
        try {
            long left = MAX_SEND_DELAY_NANOS;
            while (pending.get() >= MAX_PENDING_DATAGRAMS && channel.isActive() && left > 0) {
                LockSupport.parkNanos(this, left);
                left = MAX_SEND_DELAY_NANOS - (System.nanoTime() - start);
            }
        } finally {
            waiting.remove(me);
            stats.sendWaitNanos.add(System.nanoTime() - start);
        }
    }

    /** On the loop (or where a hand-over failed): {@code n} datagrams left; below half the bound, wakes the waiting. */
    private void written(int n) {
        if (pending.addAndGet(-n) < MAX_PENDING_DATAGRAMS / 2 && !waiting.isEmpty()) {
            for (Thread t : waiting) {
                LockSupport.unpark(t);
            }
        }
    }

    /** Datagrams handed to the event loop and not yet written or expired. */
    int pendingDatagrams() {
        return pending.get();
    }

    private static void release(Object[] messages, int count) {
        for (int k = 0; k < count; k++) {
            ReferenceCountUtil.release(messages[k]);
        }
    }

    @Override
    public boolean isRunning() {
        return channel.isOpen() && !group.isShuttingDown();
    }

    @Override
    public String describe() {
        return "Netty native epoll, sendmmsg" + (gso ? ", UDP GSO" : ", no UDP GSO");
    }

    /** Runs {@code task} on the socket's event loop, after the tasks already queued there (tests). */
    void executeOnLoop(Runnable task) {
        channel.eventLoop().execute(task);
    }

    /** Whether batches still go out as GSO sends (false once the kernel refused one). */
    boolean gso() {
        return gso;
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
    }

    /** On the event loop: every datagram read, and every failed write (void promises report here). */
    private final class Inbound extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            DatagramPacket p = (DatagramPacket) msg;
            try {
                ByteBuf c = p.content();
                int n = Math.min(c.readableBytes(), rx.length);
                c.getBytes(c.readerIndex(), rx, 0, n);
                transport.handle(rx, n, p.sender());
            } finally {
                p.release();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof Errors.NativeIoException e && Math.abs(e.expectedErr()) == EIO && gso) {
                // udp_send_skb refuses GSO without checksum offload on the route (or through xfrm).
                gso = false;
                LOG.warnf("media port %s: the kernel refused a UDP GSO send (%s); sending without it", localAddress, e);
            }
            stats.sendErrors.increment();
            LOG.debugf("media port send error: %s", cause.toString());
        }
    }
}
