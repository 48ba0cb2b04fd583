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
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A batch sent through each media socket (JDK NIO; epoll with sendmmsg and UDP GSO; epoll without GSO) reaches two
 * real UDP receivers datagram by datagram, byte for byte and in order, whatever the runs of equal sizes.
 */
@Timeout(30)
@ExtendWith(NettyLeakCheck.class)
class UdpTransportBatchTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nio", "epoll"})
    void shouldReadEveryDatagramAndDropTheOversizedAsGarbage(String io) throws Exception {
        if (!io.equals("nio")) {
            assumeTrue(EpollMediaSocket.available(), EpollMediaSocket.unavailability());
        }
        IceLiteAgent<TransportPeer> agent = new IceLiteAgent<>(IceConfig.DEFAULTS, System::nanoTime, null);
        try (UdpTransport t = UdpTransport.open(TransportConfig.loopback(), agent, io);
                DatagramChannel c = receiver()) {
            byte[] other = new byte[100];
            other[0] = (byte) 255; // no RFC 7983 range
            byte[] dtls = new byte[60];
            dtls[0] = 22; // a DTLS handshake record from an address no check validated
            byte[] oversized = new byte[TransportConfig.loopback().maxDatagramSize() + 10];
            c.send(java.nio.ByteBuffer.wrap(other), t.localAddress());
            c.send(java.nio.ByteBuffer.wrap(dtls), t.localAddress());
            c.send(java.nio.ByteBuffer.wrap(oversized), t.localAddress());

            Await.until(
                    "three datagrams read",
                    Duration.ofSeconds(5),
                    () -> t.stats().datagramsIn() == 3);
            assertThat(t.stats().garbage())
                    .as("the unknown one and the truncated one")
                    .isEqualTo(2);
            assertThat(t.stats().earlyDtlsHeld()).isEqualTo(1);
            assertThat(t.stats().bytesIn())
                    .isEqualTo(100 + 60 + TransportConfig.loopback().maxDatagramSize() + 1);
            // The held DTLS datagram is dropped when its hold (2 s) passes without a check.
            Await.until(
                    "early DTLS swept", Duration.ofSeconds(5), () -> t.stats().earlyDtlsDropped() == 1);
            assertThat(t.isRunning()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nio", "epoll", "epoll-nogso"})
    void shouldDeliverEveryDatagramOfABatchIntactAndInOrder(String io) throws Exception {
        if (!io.equals("nio")) {
            assumeTrue(EpollMediaSocket.available(), EpollMediaSocket.unavailability());
        }
        IceLiteAgent<TransportPeer> agent = new IceLiteAgent<>(IceConfig.DEFAULTS, System::nanoTime, null);
        try (UdpTransport t = UdpTransport.open(TransportConfig.loopback(), agent, io);
                DatagramChannel a = receiver();
                DatagramChannel b = receiver()) {
            if (io.equals("epoll")) {
                assertThat(t.io()).contains("sendmmsg", "UDP GSO").doesNotContain("no UDP GSO");
            }
            InetSocketAddress toA = (InetSocketAddress) a.getLocalAddress();
            InetSocketAddress toB = (InetSocketAddress) b.getLocalAddress();
            // Like an egress worker's batch: a picture to A (equal packets, a shorter last), one to B, a sender report
            // to A, then a longer packet to A (never part of a shorter run), and a full GSO run's worth to B.
            int[] lengths = {1100, 1100, 1100, 700, 1100, 1100, 300, 80, 1200, 1200};
            InetSocketAddress[] to = {toA, toA, toA, toA, toB, toB, toB, toA, toA, toA};
            DatagramBatch batch = new DatagramBatch(256, 200_000);
            List<byte[]> sentA = new ArrayList<>();
            List<byte[]> sentB = new ArrayList<>();
            for (int i = 0; i < lengths.length; i++) {
                add(batch, i, lengths[i], to[i], to[i] == toA ? sentA : sentB);
            }
            for (int i = 0; i < 70; i++) {
                add(batch, 100 + i, 1000, toB, sentB);
            }

            assertThat(t.send(batch)).isEqualTo(batch.size());

            assertThat(receiveAll(a, sentA.size())).containsExactlyElementsOf(hex(sentA));
            assertThat(receiveAll(b, sentB.size())).containsExactlyElementsOf(hex(sentB));
            assertThat(t.stats().datagramsOut()).isEqualTo(batch.size());
            assertThat(t.stats().sendErrors()).isZero();
        }
    }

    private static void add(DatagramBatch batch, int seed, int length, InetSocketAddress to, List<byte[]> sent) {
        byte[] d = new byte[length];
        for (int k = 0; k < length; k++) {
            d[k] = (byte) (seed * 31 + k);
        }
        batch.add(d, 0, length, to);
        sent.add(d);
    }

    private static DatagramChannel receiver() throws Exception {
        DatagramChannel c = DatagramChannel.open();
        c.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
        c.bind(new InetSocketAddress("127.0.0.1", 0));
        c.socket().setSoTimeout(5_000);
        return c;
    }

    private static List<String> receiveAll(DatagramChannel c, int count) throws Exception {
        List<String> got = new ArrayList<>();
        byte[] buf = new byte[65_536];
        java.net.DatagramPacket p = new java.net.DatagramPacket(buf, buf.length);
        try {
            for (int i = 0; i < count; i++) {
                c.socket().receive(p);
                got.add(java.util.HexFormat.of().formatHex(Arrays.copyOf(buf, p.getLength())));
            }
        } catch (SocketTimeoutException e) {
            // Fewer than expected: the assertion shows which.
        }
        return got;
    }

    private static List<String> hex(List<byte[]> datagrams) {
        return datagrams.stream().map(java.util.HexFormat.of()::formatHex).toList();
    }
}
