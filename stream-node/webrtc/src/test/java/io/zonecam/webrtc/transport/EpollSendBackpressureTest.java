package io.zonecam.webrtc.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zonecam.testing.Await;
import io.zonecam.testing.NettyLeakCheck;
import io.zonecam.webrtc.ice.IceConfig;
import io.zonecam.webrtc.ice.IceLiteAgent;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An egress worker that outruns the epoll socket's event loop waits once {@link EpollMediaSocket#MAX_PENDING_DATAGRAMS}
 * are handed over and not yet written, and goes on when the loop catches up, losing nothing; the loop itself never
 * waits for itself. The loop is held busy by a task of the test's, so the worker meets the bound for certain.
 */
@Timeout(30)
@ExtendWith(NettyLeakCheck.class)
class EpollSendBackpressureTest {

    private static final int PER_BATCH = 64;
    private static final int BATCHES = EpollMediaSocket.MAX_PENDING_DATAGRAMS / PER_BATCH + 40;

    @BeforeEach
    void needsEpoll() {
        assumeTrue(EpollMediaSocket.available(), EpollMediaSocket.unavailability());
    }

    @Test
    void shouldHoldAWorkerAtTheBoundUntilTheLoopCatchesUpAndLoseNothing() throws Exception {
        TransportStats stats = new TransportStats();
        try (UdpTransport t = transport();
                DatagramChannel receiver = receiver();
                EpollMediaSocket socket = new EpollMediaSocket(t, TransportConfig.loopback(), stats, true)) {
            CountDownLatch loopBusy = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Integer> sentFromLoop = new CompletableFuture<>();
            socket.executeOnLoop(() -> {
                loopBusy.countDown();
                await(release);
                // The loop's own sends (DTLS, STUN answers) never wait, even with the bound reached.
                sentFromLoop.complete(socket.send(batch(receiver)));
            });
            assertThat(loopBusy.await(5, TimeUnit.SECONDS)).isTrue();

            AtomicInteger handedOver = new AtomicInteger();
            Thread worker = Thread.ofPlatform().name("test-egress").start(() -> {
                for (int i = 0; i < BATCHES; i++) {
                    handedOver.addAndGet(socket.send(batch(receiver)));
                }
            });

            Await.until(
                    "the worker waiting at the bound",
                    Duration.ofSeconds(5),
                    () -> worker.getState() == Thread.State.TIMED_WAITING
                            && socket.pendingDatagrams() >= EpollMediaSocket.MAX_PENDING_DATAGRAMS);
            assertThat(handedOver.get())
                    .as("handed over before the worker waited")
                    .isEqualTo(EpollMediaSocket.MAX_PENDING_DATAGRAMS);

            release.countDown();
            assertThat(sentFromLoop.get(5, TimeUnit.SECONDS)).isEqualTo(PER_BATCH);
            worker.join(10_000);
            assertThat(worker.isAlive()).isFalse();
            int total = (BATCHES + 1) * PER_BATCH;
            Await.until("every datagram written", Duration.ofSeconds(5), () -> stats.datagramsOut() == total);
            assertThat(handedOver.get()).isEqualTo(BATCHES * PER_BATCH);
            assertThat(stats.sendExpired()).isZero();
            assertThat(stats.sendDropped()).isZero();
            assertThat(stats.sendWaitNanos()).as("time the worker waited").isPositive();
            assertThat(socket.pendingDatagrams()).isZero();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static UdpTransport transport() throws Exception {
        return UdpTransport.open(
                TransportConfig.loopback(), new IceLiteAgent<>(IceConfig.DEFAULTS, System::nanoTime, null), "epoll");
    }

    private static DatagramBatch batch(DatagramChannel to) {
        try {
            InetSocketAddress address = (InetSocketAddress) to.getLocalAddress();
            DatagramBatch batch = new DatagramBatch(PER_BATCH, PER_BATCH * 100);
            byte[] d = new byte[100];
            for (int i = 0; i < PER_BATCH; i++) {
                batch.add(d, 0, d.length, address);
            }
            return batch;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DatagramChannel receiver() throws Exception {
        DatagramChannel c = DatagramChannel.open();
        c.bind(new InetSocketAddress("127.0.0.1", 0));
        return c;
    }
}
