package io.zonecam.webrtc.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zonecam.testing.Await;
import io.zonecam.testing.NettyLeakCheck;
import io.zonecam.webrtc.ice.IceConfig;
import io.zonecam.webrtc.ice.IceLiteAgent;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A batch that waited on the epoll socket's event loop longer than {@link EpollMediaSocket#MAX_SEND_DELAY_NANOS} is
 * dropped, counted and its native buffers freed; one whose turn comes in time goes out whole. The clock is the test's:
 * it tells the socket how long the batch waited between the hand-over and its turn on the loop.
 */
@Timeout(30)
@ExtendWith(NettyLeakCheck.class)
class EpollSendDelayTest {

    @BeforeEach
    void needsEpoll() {
        assumeTrue(EpollMediaSocket.available(), EpollMediaSocket.unavailability());
    }

    @Test
    void shouldDropABatchThatWaitedLongerThanARetransmissionIsAnswered() throws Exception {
        long step = EpollMediaSocket.MAX_SEND_DELAY_NANOS + 1;
        TransportStats stats = new TransportStats();
        try (UdpTransport t = transport();
                DatagramChannel receiver = receiver();
                EpollMediaSocket socket = socket(t, stats, ticking(step))) {
            assertThat(socket.send(batch(5, receiver))).as("handed over").isEqualTo(5);

            Await.until("the stale batch dropped", Duration.ofSeconds(5), () -> stats.sendExpired() == 5);
            assertThat(stats.datagramsOut()).isZero();
            receiver.socket().setSoTimeout(300);
            ByteBuffer got = ByteBuffer.allocate(2048);
            try {
                receiver.socket().receive(new java.net.DatagramPacket(got.array(), got.capacity()));
                throw new AssertionError("a datagram of the stale batch reached the receiver");
            } catch (SocketTimeoutException expected) {
                // Nothing of it was sent.
            }
        }
    }

    @Test
    void shouldSendABatchWhoseTurnCameInTime() throws Exception {
        long step = EpollMediaSocket.MAX_SEND_DELAY_NANOS - 1;
        TransportStats stats = new TransportStats();
        try (UdpTransport t = transport();
                DatagramChannel receiver = receiver();
                EpollMediaSocket socket = socket(t, stats, ticking(step))) {
            assertThat(socket.send(batch(5, receiver))).isEqualTo(5);

            receiver.socket().setSoTimeout(5_000);
            for (int i = 0; i < 5; i++) {
                byte[] buf = new byte[2048];
                java.net.DatagramPacket p = new java.net.DatagramPacket(buf, buf.length);
                receiver.socket().receive(p);
                assertThat(p.getLength()).isEqualTo(1000);
                assertThat(buf[0]).as("datagram %d in order", i).isEqualTo((byte) i);
            }
            assertThat(stats.sendExpired()).isZero();
            assertThat(stats.datagramsOut()).isEqualTo(5);
        }
    }

    /** A clock that moves {@code step} ns each time it is read: hand-over and turn are one step apart. */
    private static LongSupplier ticking(long step) {
        AtomicLong now = new AtomicLong();
        return () -> now.addAndGet(step);
    }

    private static UdpTransport transport() throws Exception {
        return UdpTransport.open(
                TransportConfig.loopback(), new IceLiteAgent<>(IceConfig.DEFAULTS, System::nanoTime, null), "epoll");
    }

    private static EpollMediaSocket socket(UdpTransport t, TransportStats stats, LongSupplier clock) throws Exception {
        return new EpollMediaSocket(t, TransportConfig.loopback(), stats, true, clock);
    }

    private static DatagramBatch batch(int count, DatagramChannel to) throws Exception {
        InetSocketAddress address = (InetSocketAddress) to.getLocalAddress();
        DatagramBatch batch = new DatagramBatch(64, 100_000);
        for (int i = 0; i < count; i++) {
            byte[] d = new byte[1000];
            d[0] = (byte) i;
            batch.add(d, 0, d.length, address);
        }
        return batch;
    }

    private static DatagramChannel receiver() throws Exception {
        DatagramChannel c = DatagramChannel.open();
        c.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
        c.bind(new InetSocketAddress("127.0.0.1", 0));
        return c;
    }
}
