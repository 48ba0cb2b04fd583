package io.zonecam.webrtc.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zonecam.testing.NettyLeakCheck;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * While the epoll socket's event loop is held busy (a task waiting on a latch, as a loop stuck reading or slower than
 * the egress workers would be), sends flooded at it from another thread are accepted only up to the send buffer's
 * worth and the rest dropped and counted; once the loop runs again a real UDP receiver gets exactly what was accepted.
 */
@Timeout(30)
@ExtendWith(NettyLeakCheck.class)
class EpollMediaSocketBacklogTest {

    /** The smallest send buffer a config takes, and the batch backlog's bound: a receiver's buffer holds all of it. */
    private static final int SEND_BUFFER = 65_536;

    private static final int DATAGRAM = 1_200;

    @BeforeAll
    static void epoll() {
        assumeTrue(EpollMediaSocket.available(), EpollMediaSocket.unavailability());
    }

    @ParameterizedTest(name = "gso={0}")
    @ValueSource(booleans = {true, false})
    void shouldDropBatchesBeyondTheSendBufferWhileTheLoopIsBusyAndDeliverTheRest(boolean gso) throws Exception {
        TransportStats stats = new TransportStats();
        // Not started: it reads nothing, so it needs no transport to hand datagrams to.
        try (EpollMediaSocket socket = new EpollMediaSocket(null, config(), stats, gso, SEND_BUFFER);
                DatagramChannel receiver = UdpTransportBatchTest.receiver()) {
            InetSocketAddress to = (InetSocketAddress) receiver.getLocalAddress();
            List<byte[]> accepted = new ArrayList<>();
            long acceptedBytes = 0;
            int offered = 0;
            CountDownLatch release = holdLoop(socket);
            try {
                // 200 batches of 8 datagrams (9,600 bytes each): 1.9 MB offered, 29 times the bound.
                DatagramBatch batch = new DatagramBatch(8, 8 * DATAGRAM);
                for (int b = 0; b < 200; b++) {
                    batch.clear();
                    List<byte[]> datagrams = new ArrayList<>();
                    for (int i = 0; i < 8; i++) {
                        byte[] d = datagram(offered++);
                        batch.add(d, 0, d.length, to);
                        datagrams.add(d);
                    }
                    int sent = socket.send(batch);
                    assertThat(sent).as("a batch goes whole or not at all").isIn(0, batch.size());
                    if (sent > 0) {
                        accepted.addAll(datagrams);
                        acceptedBytes += batch.bytes();
                    }
                    assertThat(acceptedBytes)
                            .as("bytes waiting for the busy loop after batch %d", b)
                            .isLessThanOrEqualTo(SEND_BUFFER);
                }
            } finally {
                release.countDown();
            }
            assertThat(acceptedBytes)
                    .as("the bound is filled up to one batch")
                    .isGreaterThan(SEND_BUFFER - 8 * DATAGRAM);
            assertThat(stats.datagramsOut()).isEqualTo(accepted.size());
            assertThat(stats.sendDropped()).isEqualTo(offered - accepted.size());
            assertThat(stats.sendErrors()).isZero();

            assertThat(UdpTransportBatchTest.receiveAll(receiver, accepted.size()))
                    .containsExactlyElementsOf(UdpTransportBatchTest.hex(accepted));
            receiver.configureBlocking(false);
            assertThat(receiver.receive(ByteBuffer.allocate(DATAGRAM)))
                    .as("nothing beyond what was accepted")
                    .isNull();

            // Written, the backlog is empty again: the next batch goes.
            DatagramBatch next = new DatagramBatch(1, DATAGRAM);
            next.add(datagram(offered), 0, DATAGRAM, to);
            assertThat(socket.send(next)).isEqualTo(1);
        }
    }

    @Test
    void shouldDropSingleDatagramsBeyondTheWriteBufferWhileTheLoopIsBusy() throws Exception {
        TransportStats stats = new TransportStats();
        try (EpollMediaSocket socket = new EpollMediaSocket(null, config(), stats, true);
                DatagramChannel receiver = UdpTransportBatchTest.receiver()) {
            InetSocketAddress to = (InetSocketAddress) receiver.getLocalAddress();
            List<byte[]> accepted = new ArrayList<>();
            int offered = 0;
            CountDownLatch release = holdLoop(socket);
            try {
                for (; offered < 1_600; offered++) {
                    byte[] d = datagram(offered);
                    if (socket.send(d, 0, d.length, to)) {
                        accepted.add(d);
                    }
                }
            } finally {
                release.countDown();
            }
            // Netty counts a write submitted from another thread as pending at once; the one that crosses the
            // high-water mark still goes.
            assertThat((long) accepted.size() * DATAGRAM).isLessThanOrEqualTo(SEND_BUFFER + DATAGRAM);
            assertThat(stats.sendDropped()).isEqualTo(offered - accepted.size());
            assertThat(UdpTransportBatchTest.receiveAll(receiver, accepted.size()))
                    .containsExactlyElementsOf(UdpTransportBatchTest.hex(accepted));
        }
    }

    private static TransportConfig config() {
        return new TransportConfig(
                new InetSocketAddress("127.0.0.1", 0), List.of(), 1 << 20, SEND_BUFFER, 2048, Duration.ofSeconds(2), 0);
    }

    /** Datagram {@code n}: its number, then a pattern of it, so no two are alike. */
    private static byte[] datagram(int n) {
        byte[] d = new byte[DATAGRAM];
        ByteBuffer.wrap(d).putInt(n);
        for (int k = 4; k < d.length; k++) {
            d[k] = (byte) (n * 31 + k);
        }
        return d;
    }

    /** Holds the socket's event loop in a task until the latch returned counts down; returns once it is held. */
    private static CountDownLatch holdLoop(EpollMediaSocket socket) throws InterruptedException {
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        socket.execute(() -> {
            busy.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        busy.await();
        return release;
    }
}
