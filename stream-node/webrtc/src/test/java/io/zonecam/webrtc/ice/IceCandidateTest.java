package io.zonecam.webrtc.ice;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IceCandidateTest {

    @Test
    void udpHostCandidateUsesRfc8445PriorityFormula() {
        IceCandidate c = IceCandidate.hostUdp(new InetSocketAddress("203.0.113.7", 8443), 0);
        assertThat(c.priority()).isEqualTo((126L << 24) + (65535L << 8) + 255);
        assertThat(c.toSdpLine()).isEqualTo("a=candidate:u1 1 udp 2130706431 203.0.113.7 8443 typ host");
    }

    @Test
    void passiveTcpCandidateCarriesTcptypeAndRanksBelowUdp() {
        IceCandidate udp = IceCandidate.hostUdp(new InetSocketAddress("203.0.113.7", 8443), 5);
        IceCandidate tcp = IceCandidate.hostTcpPassive(new InetSocketAddress("203.0.113.7", 443), 0);
        assertThat(tcp.toSdpValue())
                .isEqualTo("candidate:t1 1 tcp " + tcp.priority() + " 203.0.113.7 443 typ host tcptype passive");
        // RFC 6544 §4.2: local preference = 2^13 × direction-pref(passive = 4) + other-pref.
        assertThat((tcp.priority() >> 8) & 0xFFFF).isEqualTo((4 << 13) + 8191);
        assertThat(tcp.priority()).isLessThan(udp.priority());
    }

    @Test
    void ipv6AddressesAreWrittenWithoutBracketsOrScope() {
        IceCandidate c = IceCandidate.hostUdp(new InetSocketAddress("2001:DB8::1", 8443), 1);
        assertThat(c.toSdpValue())
                .isEqualTo("candidate:u2 1 udp " + c.priority() + " 2001:db8:0:0:0:0:0:1 8443 typ host");
    }

    @Test
    void hostCandidatesListUdpThenTcpWithDistinctFoundations() {
        List<IceCandidate> list = IceCandidate.hostCandidates(
                List.of(new InetSocketAddress("203.0.113.7", 8443), new InetSocketAddress("2001:db8::1", 8443)),
                List.of(new InetSocketAddress("203.0.113.7", 443)));
        assertThat(list).extracting(IceCandidate::tcp).containsExactly(false, false, true);
        assertThat(list).extracting(IceCandidate::foundation).doesNotHaveDuplicates();
        assertThat(list.get(0).priority()).isGreaterThan(list.get(1).priority());
    }

    @Test
    void tcpFramingSplitsAStreamIntoFramesAcrossArbitraryReads() {
        byte[] stream = new byte[3 * 2 + 5 + 0 + 300];
        int pos = 0;
        pos += IceTcpFraming.frame(new byte[] {1, 2, 3, 4, 5}, 0, 5, stream, pos);
        pos += IceTcpFraming.frame(new byte[0], 0, 0, stream, pos);
        byte[] big = new byte[300];
        big[299] = 9;
        pos += IceTcpFraming.frame(big, 0, 300, stream, pos);
        List<Integer> lengths = new ArrayList<>();
        IceTcpFraming.Decoder decoder = new IceTcpFraming.Decoder(1500);
        // Feed one byte at a time, the worst case for reassembly.
        for (int i = 0; i < pos; i++) {
            assertThat(decoder.feed(stream, i, 1, (b, o, l) -> lengths.add(l))).isTrue();
        }
        assertThat(lengths).containsExactly(5, 0, 300);
        assertThat(decoder.frames()).isEqualTo(3);
    }

    @Test
    void tcpFramingRefusesFramesAboveTheBound() {
        IceTcpFraming.Decoder decoder = new IceTcpFraming.Decoder(100);
        assertThat(decoder.feed(new byte[] {0x01, 0x00, 0, 0}, 0, 4, (b, o, l) -> {}))
                .isFalse();
    }
}
