package io.zonecam.bench.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The kernel's UDP drop counters: /proc/net/snmp's Udp: lines and the drops column of /proc/net/udp. */
class UdpDropsTest {

    @Test
    void readsInRcvbufAndSndbufErrorsByTheirHeaderNotTheUdpLiteLines() {
        String snmp = """
                Ip: Forwarding DefaultTTL
                Ip: 1 64
                Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors
                Udp: 9000 3 41 8000 40 7 1 0 0
                UdpLite: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors
                UdpLite: 1 2 3 4 5 6 7 8 9
                """;
        assertThat(UdpDrops.snmp(snmp)).containsExactly(41, 40, 7);
    }

    @Test
    void sumsTheDropsOfTheGivenInodesOnly() {
        String udp = """
                   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
                  101: 0100007F:9C40 0100007F:1F90 01 00000000:00000000 00:00000000 00000000  1000        0 5001 2 0000000000000000 12
                  102: 0100007F:9C41 0100007F:1F90 01 00000000:00034000 00:00000000 00000000  1000        0 5002 2 0000000000000000 30
                  103: 0100007F:1F90 00000000:0000 07 00000000:00000000 00:00000000 00000000  1000        0 6001 2 0000000000000000 5
                """;
        assertThat(UdpDrops.socketDrops(udp, Set.of(5001L, 5002L))).isEqualTo(42);
        assertThat(UdpDrops.socketDrops(udp, Set.of(6001L))).isEqualTo(5);
        assertThat(UdpDrops.socketDrops(udp, Set.of())).isZero();
    }

    @Test
    void countsAnOverflowingSocketOfThisProcessInTheRealProcFiles() throws Exception {
        long self = ProcessHandle.current().pid();
        UdpDrops before = UdpDrops.of(self, self);
        try (DatagramSocket full = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                DatagramSocket sender = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            full.setReceiveBufferSize(4096); // never read: a few datagrams fill it, the rest are dropped
            byte[] payload = new byte[1200];
            DatagramPacket p = new DatagramPacket(payload, payload.length, full.getLocalSocketAddress());
            long deadline = System.nanoTime() + 10_000_000_000L;
            UdpDrops window;
            do {
                for (int i = 0; i < 100; i++) {
                    sender.send(p);
                }
                window = UdpDrops.of(self, self).since(before);
            } while (window.loadSocketDrops() == 0 && System.nanoTime() < deadline);
            assertThat(window.loadSocketDrops()).isPositive();
            assertThat(window.serverSocketDrops()).isEqualTo(window.loadSocketDrops());
            assertThat(window.rcvbufErrors()).isGreaterThanOrEqualTo(window.loadSocketDrops());
            assertThat(window.inErrors()).isGreaterThanOrEqualTo(window.rcvbufErrors());
        }
    }
}
