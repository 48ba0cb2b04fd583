package io.zonecam.webrtc.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import org.jboss.logging.Logger;

/**
 * NioMediaSocket is the portable media socket: a JDK {@link DatagramChannel} read by one selector thread, one
 * {@code sendto} per datagram (a batch is sent one by one, {@link DatagramSender}'s default).
 */
final class NioMediaSocket implements MediaSocket {

    private static final Logger LOG = Logger.getLogger(NioMediaSocket.class);
    /** Datagrams read per selector wake-up before the thread looks at its timers again. */
    private static final int READ_BATCH = 256;

    private final UdpTransport transport;
    private final TransportStats stats;
    private final DatagramChannel channel;
    private final Selector selector;
    private final InetSocketAddress localAddress;
    private final Thread receiver;
    private volatile boolean running = true;

    NioMediaSocket(UdpTransport transport, TransportConfig config, TransportStats stats) throws IOException {
        this.transport = transport;
        this.stats = stats;
        InetAddress bindIp = config.bind().getAddress();
        this.channel = bindIp instanceof java.net.Inet6Address
                ? DatagramChannel.open(StandardProtocolFamily.INET6)
                : DatagramChannel.open(StandardProtocolFamily.INET);
        try {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, config.receiveBufferBytes());
            channel.setOption(StandardSocketOptions.SO_SNDBUF, config.sendBufferBytes());
            channel.bind(config.bind());
            channel.configureBlocking(false);
            this.selector = Selector.open();
            channel.register(selector, SelectionKey.OP_READ);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        this.localAddress = (InetSocketAddress) channel.getLocalAddress();
        this.receiver = Thread.ofPlatform()
                .name("webrtc-udp-rx-" + localAddress.getPort())
                .daemon()
                .unstarted(() -> receiveLoop(config.maxDatagramSize()));
    }

    @Override
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public void start() {
        receiver.start();
    }

    @Override
    public boolean send(byte[] buf, int offset, int length, InetSocketAddress to) {
        try {
            int n = channel.send(ByteBuffer.wrap(buf, offset, length), to);
            if (n == 0) {
                stats.sendDropped.increment();
                return false;
            }
            stats.datagramsOut.increment();
            stats.bytesOut.add(n);
            return true;
        } catch (IOException | RuntimeException e) {
            // Closed channel, or a per-datagram error (no route, permission, ICMP unreachable on a connected peer).
            stats.sendErrors.increment();
            return false;
        }
    }

    @Override
    public boolean isRunning() {
        return receiver.isAlive();
    }

    @Override
    public String describe() {
        return "JDK NIO, one sendto per datagram";
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            receiver.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("selector close", e);
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("channel close", e);
        }
    }

    private void receiveLoop(int maxDatagramSize) {
        // One extra byte: a datagram that fills it was longer than maxDatagramSize and came truncated.
        byte[] rx = new byte[maxDatagramSize + 1];
        ByteBuffer bb = ByteBuffer.wrap(rx);
        long lastSweep = System.nanoTime();
        while (running) {
            try {
                selector.select(UdpTransport.SWEEP_MILLIS);
                selector.selectedKeys().clear();
                for (int i = 0; i < READ_BATCH && running; i++) {
                    bb.clear();
                    InetSocketAddress source = (InetSocketAddress) channel.receive(bb);
                    if (source == null) {
                        break;
                    }
                    transport.handle(rx, bb.position(), source);
                }
            } catch (ClosedChannelException e) {
                break;
            } catch (IOException | RuntimeException e) {
                if (running) {
                    stats.handlerErrors.increment();
                    LOG.debugf("media port receive error: %s", e.toString());
                }
            }
            long now = System.nanoTime();
            if (now - lastSweep > UdpTransport.SWEEP_MILLIS * 1_000_000L) {
                lastSweep = now;
                transport.sweepEarlyDtls(now);
            }
        }
    }
}
