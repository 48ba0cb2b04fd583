package io.zonecam.webrtc.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zonecam.testing.Await;
import io.zonecam.testing.NettyLeakCheck;
import io.zonecam.webrtc.ice.IceConfig;
import io.zonecam.webrtc.ice.IceLiteAgent;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Datagrams that arrive while the epoll socket's event loop is busy with egress work are all read at its next I/O
 * pass, not left behind the queued work: viewers' consent checks and RTCP must not wait for a backlog of sends.
 */
@Timeout(30)
@ExtendWith(NettyLeakCheck.class)
class EpollReadFairnessTest {

    @Test
    void shouldReadAWholeBurstBeforeTheTasksQueuedBehindIt() throws Exception {
        assumeTrue(EpollMediaSocket.available(), EpollMediaSocket.unavailability());
        int burst = 100; // above Netty's 16 reads per wake-up, within a default-sized socket buffer
        int tasks = 200; // more than the 64 tasks Netty runs before it looks at I/O again
        IceLiteAgent<TransportPeer> agent = new IceLiteAgent<>(IceConfig.DEFAULTS, System::nanoTime, null);
        try (UdpTransport t = UdpTransport.open(TransportConfig.loopback(), agent, "epoll");
                DatagramChannel sender = DatagramChannel.open()) {
            EpollMediaSocket socket = (EpollMediaSocket) t.socket();
            CountDownLatch busy = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            socket.executeOnLoop(() -> {
                busy.countDown();
                awaitQuietly(release);
            });
            assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue();

            // While the loop is busy: a burst waits in the socket, and egress-like work queues behind the busy task.
            byte[] datagram = new byte[100];
            datagram[0] = (byte) 255; // not STUN, DTLS or RTP: counted as garbage, cheap to handle
            for (int i = 0; i < burst; i++) {
                sender.send(ByteBuffer.wrap(datagram), t.localAddress());
            }
            AtomicLong readWhenLastTaskRan = new AtomicLong(-1);
            for (int i = 0; i < tasks - 1; i++) {
                socket.executeOnLoop(() -> {});
            }
            socket.executeOnLoop(() -> readWhenLastTaskRan.set(t.stats().datagramsIn()));
            release.countDown();

            Await.until("the last queued task ran", Duration.ofSeconds(5), () -> readWhenLastTaskRan.get() >= 0);
            assertThat(readWhenLastTaskRan.get())
                    .as("datagrams of the burst read before the last queued task ran")
                    .isEqualTo(burst);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
