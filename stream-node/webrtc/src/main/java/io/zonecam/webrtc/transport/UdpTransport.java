package io.zonecam.webrtc.transport;

import io.zonecam.webrtc.demux.DatagramClassifier;
import io.zonecam.webrtc.demux.DatagramKind;
import io.zonecam.webrtc.ice.IceCandidate;
import io.zonecam.webrtc.ice.IceLiteAgent;
import io.zonecam.webrtc.ice.IceSession;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * UdpTransport is the node's single UDP media port: it reads every viewer's datagrams on one thread, answers STUN
 * through the ICE-lite agent, routes DTLS and SRTCP to the viewer whose session validated the source address, and
 * sends whatever the SFU hands it without ever blocking.
 *
 * <pre>
 *  socket ─► receive thread ─► DatagramClassifier (RFC 7983 §7)
 *                                 ├─ STUN  ─► IceLiteAgent.handleStun ─► response sent back to the source
 *                                 ├─ DTLS  ─► sessionByAddress(source).attachment().onDtls   (or held briefly)
 *                                 ├─ RTCP  ─► sessionByAddress(source).attachment().onRtcp
 *                                 ├─ RTP   ─► sessionByAddress(source).attachment().onRtp
 *                                 └─ other ─► counted as garbage
 *  egress workers, DTLS threads ─► send() ─► non-blocking socket (a full buffer drops, counted)
 * </pre>
 *
 * <p>A browser sends its DTLS ClientHello as soon as its own ICE check succeeded; on a lossy or reordering path that
 * datagram can overtake the check that validates its address, so up to {@code earlyDtlsMax} such datagrams (the last
 * one per address) are held for {@code earlyDtlsHold} and delivered right after the check. Anything else from an
 * unvalidated address is dropped and counted.
 */
public final class UdpTransport implements DatagramSender, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(UdpTransport.class);
    /** Datagrams read per selector wake-up before the thread looks at its timers again. */
    private static final int READ_BATCH = 256;

    private static final long SELECT_MILLIS = 100;

    private record Held(byte[] data, long atNanos) {}

    private final TransportConfig config;
    private final IceLiteAgent<? extends TransportPeer> agent;
    private final DatagramChannel channel;
    private final Selector selector;
    private final InetSocketAddress localAddress;
    private final List<IceCandidate> candidates;
    private final DatagramClassifier classifier = new DatagramClassifier();
    private final TransportStats stats = new TransportStats();
    private final Map<InetSocketAddress, Held> earlyDtls = new LinkedHashMap<>();
    private final Thread receiver;
    private volatile boolean running = true;

    private UdpTransport(TransportConfig config, IceLiteAgent<? extends TransportPeer> agent) throws IOException {
        this.config = config;
        this.agent = agent;
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
        List<InetSocketAddress> adv = config.advertised();
        if (adv.isEmpty()) {
            InetAddress ip = localAddress.getAddress().isAnyLocalAddress()
                    ? InetAddress.getLoopbackAddress()
                    : localAddress.getAddress();
            adv = List.of(new InetSocketAddress(ip, localAddress.getPort()));
        }
        this.candidates = IceCandidate.hostCandidates(adv, List.of());
        this.receiver = Thread.ofPlatform()
                .name("webrtc-udp-rx-" + localAddress.getPort())
                .daemon()
                .unstarted(this::receiveLoop);
    }

    /**
     * Binds the port and starts the receive thread.
     *
     * @param agent the ICE-lite agent whose sessions carry the viewers as attachments
     * @throws IOException when the port cannot be bound
     */
    public static UdpTransport open(TransportConfig config, IceLiteAgent<? extends TransportPeer> agent)
            throws IOException {
        UdpTransport t =
                new UdpTransport(Objects.requireNonNull(config, "config"), Objects.requireNonNull(agent, "agent"));
        t.receiver.start();
        LOG.debugf("media port listening on %s", t.localAddress);
        return t;
    }

    /** The bound address and port. */
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /** The host candidates to put into answers (the advertised addresses, or the bound one). */
    public List<IceCandidate> candidates() {
        return candidates;
    }

    /** Counters. */
    public TransportStats stats() {
        return stats;
    }

    /** The classifier's counts per datagram kind. */
    public DatagramClassifier classifier() {
        return classifier;
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
        } catch (ClosedChannelException e) {
            stats.sendErrors.increment();
            return false;
        } catch (IOException | RuntimeException e) {
            // ICMP port unreachable surfaces here as PortUnreachableException on Linux for a connected peer only;
            // other errors (no route, permission) are per datagram.
            stats.sendErrors.increment();
            return false;
        }
    }

    /** Stops the receive thread and closes the socket; waits up to a second for the thread. */
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

    /** True while the receive thread runs. */
    public boolean isRunning() {
        return receiver.isAlive();
    }

    private void receiveLoop() {
        // One extra byte: a datagram that fills it was longer than maxDatagramSize and came truncated.
        byte[] rx = new byte[config.maxDatagramSize() + 1];
        ByteBuffer bb = ByteBuffer.wrap(rx);
        byte[] response = new byte[IceLiteAgent.MAX_RESPONSE_LENGTH];
        long lastSweep = System.nanoTime();
        while (running) {
            try {
                selector.select(SELECT_MILLIS);
                selector.selectedKeys().clear();
                for (int i = 0; i < READ_BATCH && running; i++) {
                    bb.clear();
                    InetSocketAddress source = (InetSocketAddress) channel.receive(bb);
                    if (source == null) {
                        break;
                    }
                    handle(rx, bb.position(), source, response);
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
            if (now - lastSweep > SELECT_MILLIS * 1_000_000L) {
                lastSweep = now;
                sweepEarlyDtls(now);
            }
        }
    }

    /** Routes one datagram; package-private so tests can drive it without a socket. */
    void handle(byte[] rx, int length, InetSocketAddress source, byte[] response) {
        stats.datagramsIn.increment();
        stats.bytesIn.add(length);
        if (length > config.maxDatagramSize()) {
            stats.garbage.increment();
            return;
        }
        DatagramKind kind = classifier.classify(rx, 0, length);
        try {
            switch (kind) {
                case STUN -> {
                    stats.stunIn.increment();
                    int n = agent.handleStun(rx, 0, length, source, response, 0);
                    if (n > 0 && send(response, 0, n, source)) {
                        stats.stunAnswered.increment();
                    }
                    if (!earlyDtls.isEmpty()) {
                        releaseEarlyDtls(source);
                    }
                }
                case DTLS -> {
                    IceSession<? extends TransportPeer> s = agent.sessionByAddress(source);
                    if (s != null) {
                        stats.dtlsIn.increment();
                        s.attachment().onDtls(rx, 0, length, source);
                    } else {
                        holdEarlyDtls(rx, length, source);
                    }
                }
                case RTCP -> {
                    IceSession<? extends TransportPeer> s = agent.sessionByAddress(source);
                    if (s != null) {
                        stats.rtcpIn.increment();
                        s.attachment().onRtcp(rx, 0, length, source);
                    } else {
                        stats.unroutable.increment();
                    }
                }
                case RTP -> {
                    IceSession<? extends TransportPeer> s = agent.sessionByAddress(source);
                    if (s != null) {
                        stats.rtpIn.increment();
                        s.attachment().onRtp(rx, 0, length, source);
                    } else {
                        stats.unroutable.increment();
                    }
                }
                default -> stats.garbage.increment();
            }
        } catch (RuntimeException e) {
            // A bug in one viewer's handler must not stop the port for every other viewer.
            stats.handlerErrors.increment();
            LOG.debugf(e, "handler failed for a %s datagram from %s", kind, source);
        }
    }

    private void holdEarlyDtls(byte[] rx, int length, InetSocketAddress source) {
        if (config.earlyDtlsMax() == 0
                || (earlyDtls.size() >= config.earlyDtlsMax() && !earlyDtls.containsKey(source))) {
            stats.unroutable.increment();
            stats.earlyDtlsDropped.increment();
            return;
        }
        Held previous = earlyDtls.put(source, new Held(Arrays.copyOf(rx, length), System.nanoTime()));
        if (previous != null) {
            stats.earlyDtlsDropped.increment();
        }
        stats.earlyDtlsHeld.increment();
    }

    private void releaseEarlyDtls(InetSocketAddress source) {
        Held held = earlyDtls.get(source);
        if (held == null) {
            return;
        }
        IceSession<? extends TransportPeer> s = agent.sessionByAddress(source);
        if (s != null) {
            earlyDtls.remove(source);
            stats.earlyDtlsDelivered.increment();
            stats.dtlsIn.increment();
            s.attachment().onDtls(held.data(), 0, held.data().length, source);
        }
    }

    private void sweepEarlyDtls(long now) {
        long hold = config.earlyDtlsHold().toNanos();
        List<InetSocketAddress> gone = null;
        for (Iterator<Map.Entry<InetSocketAddress, Held>> it =
                        earlyDtls.entrySet().iterator();
                it.hasNext(); ) {
            Map.Entry<InetSocketAddress, Held> e = it.next();
            if (now - e.getValue().atNanos() > hold) {
                if (gone == null) {
                    gone = new ArrayList<>();
                }
                gone.add(e.getKey());
            }
        }
        if (gone != null) {
            for (InetSocketAddress a : gone) {
                earlyDtls.remove(a);
                stats.earlyDtlsDropped.increment();
                stats.unroutable.increment();
            }
        }
    }

    @Override
    public String toString() {
        return "UdpTransport[" + localAddress + "]";
    }
}
