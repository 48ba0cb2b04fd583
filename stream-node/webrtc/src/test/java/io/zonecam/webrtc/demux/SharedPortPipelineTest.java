package io.zonecam.webrtc.demux;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.webrtc.ice.IceConfig;
import io.zonecam.webrtc.ice.IceLiteAgent;
import io.zonecam.webrtc.ice.IceSession;
import io.zonecam.webrtc.rtcp.RtcpPacket;
import io.zonecam.webrtc.rtcp.RtcpParser;
import io.zonecam.webrtc.rtcp.RtcpRateLimiter;
import io.zonecam.webrtc.rtcp.RtcpWriter;
import io.zonecam.webrtc.srtp.SrtpClientServerKeys;
import io.zonecam.webrtc.srtp.SrtpContext;
import io.zonecam.webrtc.srtp.SrtpProfile;
import io.zonecam.webrtc.stun.Stun;
import io.zonecam.webrtc.stun.StunIntegrity;
import io.zonecam.webrtc.stun.StunMessage;
import io.zonecam.webrtc.stun.StunMessageWriter;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Wires the part-A pieces the way the transport layer will: one port, datagrams classified, STUN to the ICE agent,
 * everything else routed by source address to the viewer's SRTP contexts and RTCP parser. No sockets.
 */
class SharedPortPipelineTest {

    /** What the transport keeps per viewer (DTLS would fill the SRTP contexts in). */
    static final class Viewer {
        SrtpContext outbound;
        SrtpContext inbound;
        final RtcpRateLimiter limiter;

        Viewer(AtomicLong clock) {
            limiter = RtcpRateLimiter.perViewer(clock::get);
        }
    }

    final AtomicLong clock = new AtomicLong();
    final DatagramClassifier classifier = new DatagramClassifier();
    final IceLiteAgent<Viewer> agent = new IceLiteAgent<>(IceConfig.DEFAULTS, clock::get, null);
    final byte[] response = new byte[IceLiteAgent.MAX_RESPONSE_LENGTH];
    final InetSocketAddress browser = new InetSocketAddress("192.0.2.44", 51000);
    int responseLength;

    /** The transport's receive path for one datagram; returns the RTCP packets a viewer sent, if any. */
    List<RtcpPacket> receive(byte[] data, int length, InetSocketAddress source) throws Exception {
        switch (classifier.classify(data, 0, length)) {
            case STUN -> {
                responseLength = agent.handleStun(data, 0, length, source, response, 0);
                assertThat(responseLength).isPositive(); // would be sent back to source
                return List.of();
            }
            case RTCP -> {
                IceSession<Viewer> session = agent.sessionByAddress(source);
                if (session == null || !session.attachment().limiter.tryAcquire(length)) {
                    return List.of();
                }
                int n = session.attachment().inbound.unprotectRtcp(data, 0, length);
                return n < 0 ? List.of() : RtcpParser.parse(data, 0, n);
            }
            default -> {
                return List.of();
            }
        }
    }

    @Test
    void browserChecksThenSendsNackAndPliOverSrtcpOnTheSamePort() throws Exception {
        Viewer viewer = new Viewer(clock);
        IceSession<Viewer> session = agent.createSession("brwz", viewer);

        // Browser side: a nominating connectivity check.
        byte[] check = new byte[200];
        int n = new StunMessageWriter(check, 0, check.length)
                .header(Stun.BINDING_REQUEST, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
                .addString(Stun.ATTR_USERNAME, session.localUfrag() + ":brwz")
                .addUInt32(Stun.ATTR_PRIORITY, 1853824767)
                .addUInt64(Stun.ATTR_ICE_CONTROLLING, 99)
                .addFlag(Stun.ATTR_USE_CANDIDATE)
                .addMessageIntegrity(StunIntegrity.shortTermKey(session.localPassword()))
                .addFingerprint()
                .length();
        receive(check, n, browser);
        assertThat(session.selectedAddress()).isEqualTo(browser);
        assertThat(StunMessage.parse(response, 0, responseLength).xorMappedAddress())
                .isEqualTo(browser);

        // DTLS would export this; the node is the DTLS server.
        SrtpProfile profile = SrtpProfile.AEAD_AES_256_GCM;
        byte[] exported = new byte[profile.keyingMaterialLength()];
        new Random(5).nextBytes(exported);
        SrtpClientServerKeys keys = SrtpClientServerKeys.split(profile, exported);
        viewer.outbound = SrtpContext.create(keys.outbound(false));
        viewer.inbound = SrtpContext.create(keys.inbound(false));
        SrtpContext browserTx = SrtpContext.create(keys.outbound(true));
        SrtpContext browserRx = SrtpContext.create(keys.inbound(true));

        // Browser sends RR + NACK + PLI as one SRTCP packet.
        byte[] rtcp = new byte[200];
        int m = RtcpWriter.receiverReport(rtcp, 0, 0x1111, List.of());
        m += RtcpWriter.nack(rtcp, m, 0x1111, 0x2222, new int[] {500, 502});
        m += RtcpWriter.pli(rtcp, m, 0x1111, 0x2222);
        m = browserTx.protectRtcp(rtcp, 0, m);
        List<RtcpPacket> feedback = receive(rtcp, m, browser);
        assertThat(feedback).hasSize(3);
        assertThat(((RtcpPacket.GenericNack) feedback.get(1)).lostSequenceNumbers())
                .containsExactly(500, 502);
        assertThat(feedback.get(2)).isEqualTo(new RtcpPacket.PictureLossIndication(0x1111, 0x2222));

        // The same bytes from another address are not routed anywhere.
        assertThat(receive(rtcp, m, new InetSocketAddress("192.0.2.45", 51000))).isEmpty();

        // The node's media reaches the browser.
        byte[] rtp = new byte[1500];
        rtp[0] = (byte) 0x80;
        rtp[1] = 96;
        rtp[11] = 0x22;
        int len = viewer.outbound.protectRtp(rtp, 0, 1200);
        assertThat(DatagramClassifier.kindOf(rtp, 0, len)).isEqualTo(DatagramKind.RTP);
        assertThat(browserRx.unprotectRtp(rtp, 0, len)).isEqualTo(1200);
    }
}
