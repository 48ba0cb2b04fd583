package io.zonecam.webrtc.transport;

import io.zonecam.webrtc.demux.DatagramClassifier;
import io.zonecam.webrtc.demux.DatagramKind;
import io.zonecam.webrtc.ice.IceCandidate;
import io.zonecam.webrtc.ice.IceLiteAgent;
import io.zonecam.webrtc.ice.IceSession;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
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
 *  egress workers ─► send(DatagramBatch) ─┐
 *  DTLS threads   ─► send(byte[], ...)    ─┴─► MediaSocket, never blocking (a full buffer drops, counted)
 * </pre>
 *
 * <p>The socket is chosen once, at {@link #open}: Netty's native epoll ({@link EpollMediaSocket}: a batch is one
 * hand-off to its I/O thread and one {@code sendmmsg}, each viewer's run of equal-sized packets one UDP GSO send) where
 * it loads, else JDK NIO ({@link NioMediaSocket}: one {@code sendto} per datagram). The choice is logged once.
 *
 * <p>A browser sends its DTLS ClientHello as soon as its own ICE check succeeded; on a lossy or reordering path that
 * datagram can overtake the check that validates its address, so up to {@code earlyDtlsMax} such datagrams (the last
 * one per address) are held for {@code earlyDtlsHold} and delivered right after the check. Anything else from an
 * unvalidated address is dropped and counted.
 */
public final class UdpTransport implements DatagramSender, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(UdpTransport.class);
    /**
     * How often held early DTLS datagrams are looked at (and the NIO receive thread's selector timeout). 500 ms, not
     * 100: a held datagram lives its hold (2 s by default) plus at most this, bounded by {@code earlyDtlsMax}, and the
     * sweep wakes the receive thread of every node, idle or not, this often.
     */
    static final long SWEEP_MILLIS = 500;

    /** System property choosing the socket: {@code auto} (epoll where it loads, else NIO), {@code nio}, {@code epoll}. */
    public static final String IO_PROPERTY = "zonecam.webrtc.io";

    private static final AtomicBoolean LOGGED = new AtomicBoolean();

    private record Held(byte[] data, long atNanos) {}

    private final TransportConfig config;
    private final IceLiteAgent<? extends TransportPeer> agent;
    private final MediaSocket socket;
    private final InetSocketAddress localAddress;
    private final List<IceCandidate> candidates;
    private final DatagramClassifier classifier = new DatagramClassifier();
    private final TransportStats stats = new TransportStats();
    private final Map<InetSocketAddress, Held> earlyDtls = new LinkedHashMap<>();
    /** STUN responses are written here; used by the one receive thread only. */
    private final byte[] response = new byte[IceLiteAgent.MAX_RESPONSE_LENGTH];

    private UdpTransport(TransportConfig config, IceLiteAgent<? extends TransportPeer> agent, String io)
            throws IOException {
        this.config = config;
        this.agent = agent;
        this.socket = openSocket(io);
        this.localAddress = socket.localAddress();
        List<InetSocketAddress> adv = config.advertised();
        if (adv.isEmpty()) {
            InetAddress ip = localAddress.getAddress().isAnyLocalAddress()
                    ? InetAddress.getLoopbackAddress()
                    : localAddress.getAddress();
            adv = List.of(new InetSocketAddress(ip, localAddress.getPort()));
        }
        this.candidates = IceCandidate.hostCandidates(adv, List.of());
    }

    private MediaSocket openSocket(String io) throws IOException {
        boolean epoll = switch (io) {
            case "nio" -> false;
            case "epoll", "epoll-nogso" -> {
                if (!EpollMediaSocket.available()) {
                    throw new IOException(
                            "native epoll asked for but unavailable: " + EpollMediaSocket.unavailability());
                }
                yield true;
            }
            case "auto" -> EpollMediaSocket.available();
            default -> throw new IllegalArgumentException(IO_PROPERTY + " must be auto, nio or epoll: " + io);
        };
        MediaSocket s = epoll
                ? new EpollMediaSocket(this, config, stats, !io.equals("epoll-nogso"))
                : new NioMediaSocket(this, config, stats);
        if (LOGGED.compareAndSet(false, true)) {
            String why = epoll || io.equals("nio")
                    ? ""
                    : " (native epoll unavailable: " + EpollMediaSocket.unavailability() + ")";
            LOG.infof("media port I/O: %s%s", s.describe(), why);
        }
        return s;
    }

    /**
     * Binds the port and starts the receive thread, on the socket {@link #IO_PROPERTY} chooses (by default Netty's
     * native epoll where it loads, else JDK NIO; logged once per process).
     *
     * @param agent the ICE-lite agent whose sessions carry the viewers as attachments
     * @throws IOException when the port cannot be bound
     */
    public static UdpTransport open(TransportConfig config, IceLiteAgent<? extends TransportPeer> agent)
            throws IOException {
        return open(config, agent, System.getProperty(IO_PROPERTY, "auto"));
    }

    /** As {@link #open(TransportConfig, IceLiteAgent)}, on the socket {@code io} names: auto, nio, epoll, epoll-nogso. */
    static UdpTransport open(TransportConfig config, IceLiteAgent<? extends TransportPeer> agent, String io)
            throws IOException {
        UdpTransport t =
                new UdpTransport(Objects.requireNonNull(config, "config"), Objects.requireNonNull(agent, "agent"), io);
        t.socket.start();
        LOG.debugf("media port listening on %s (%s)", t.localAddress, t.socket.describe());
        return t;
    }

    /** The bound address. */
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
        return socket.send(buf, offset, length, to);
    }

    /** Hands the whole batch to the socket: on epoll one hand-off and one {@code sendmmsg}, with UDP GSO runs. */
    @Override
    public int send(DatagramBatch batch) {
        return socket.send(batch);
    }

    /** The socket itself (tests). */
    MediaSocket socket() {
        return socket;
    }

    /** What the socket is: "Netty native epoll, sendmmsg, UDP GSO" or "JDK NIO, one sendto per datagram". */
    public String io() {
        return socket.describe();
    }

    /** Stops the receive thread and closes the socket. */
    @Override
    public void close() {
        socket.close();
    }

    /** True while the receive thread runs. */
    public boolean isRunning() {
        return socket.isRunning();
    }

    /** Routes one datagram on the receive thread, answering STUN from the transport's own buffer. */
    void handle(byte[] rx, int length, InetSocketAddress source) {
        handle(rx, length, source, response);
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
                case RTP, RTCP -> {
                    IceSession<? extends TransportPeer> s = agent.sessionByAddress(source);
                    if (s == null) {
                        stats.unroutable.increment();
                    } else if (kind == DatagramKind.RTP) {
                        stats.rtpIn.increment();
                        s.attachment().onRtp(rx, 0, length, source);
                    } else {
                        stats.rtcpIn.increment();
                        s.attachment().onRtcp(rx, 0, length, source);
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

    /** On the receive thread: drops held early DTLS datagrams older than the hold. */
    void sweepEarlyDtls(long now) {
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
