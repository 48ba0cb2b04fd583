package io.zonecam.webrtc.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.webrtc.stun.Stun;
import io.zonecam.webrtc.stun.StunIntegrity;
import io.zonecam.webrtc.stun.StunMessageWriter;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * While a werift viewer plays, the media port gets garbage datagrams, STUN with bad MESSAGE-INTEGRITY, DTLS garbage
 * from an ICE-validated address, unauthenticated SRTCP, an authenticated PLI flood from a second (werift) viewer, and
 * a third viewer is stopped (SIGSTOP) for seconds: the first viewer's pictures keep coming, none missing.
 */
@Timeout(120)
class HostileTrafficTest {

    @Test
    void garbageForgedStunDtlsGarbageRtcpFloodAndAStalledViewerLeaveAPlayingViewerUntouched() throws Exception {
        try (LiveCamera live = LiveCamera.start("cam-hostile", TestClip.baseline360p());
                DatagramChannel attacker = DatagramChannel.open()) {
            Sfu sfu = live.sfu;
            attacker.bind(new InetSocketAddress("127.0.0.1", 0));
            InetSocketAddress port = sfu.udpAddress();
            try (NodePeer victim = NodePeer.start("werift-viewer.mjs", live.whepUrl(), "9000");
                    NodePeer flooder = NodePeer.start("werift-viewer.mjs", live.whepUrl(), "7000", "--pli-flood");
                    NodePeer stalled = NodePeer.start("werift-viewer.mjs", live.whepUrl(), "9000")) {
                victim.awaitPlaying(20_000);
                stalled.awaitPlaying(20_000);
                signal("STOP", stalled.pid());

                Random random = new Random(7);
                // 1. Garbage of every first-byte range, including truncated STUN/RTP/RTCP headers.
                for (int i = 0; i < 5000; i++) {
                    byte[] junk = new byte[1 + random.nextInt(1400)];
                    random.nextBytes(junk);
                    attacker.send(ByteBuffer.wrap(junk), port);
                }
                // 2. A viewer of the attacker's own, to learn valid ICE credentials.
                ViewerAnswer own = sfu.createViewer("cam-hostile", SfuOffersAndLimitsTest.chromeOffer());
                String ufrag = attr(own.answerSdp(), "ice-ufrag") + ":"
                        + attr(SfuOffersAndLimitsTest.chromeOffer(), "ice-ufrag");
                String pwd = attr(own.answerSdp(), "ice-pwd");
                byte[] buf = new byte[512];
                for (int i = 0; i < 1000; i++) {
                    int n = check(buf, ufrag, "wrong-password-of-22-chars", random);
                    attacker.send(ByteBuffer.wrap(buf, 0, n), port);
                }
                // 3. A valid nominating check makes the attacker's address routable, then DTLS garbage and
                //    unauthenticated SRTCP from it.
                int n = check(buf, ufrag, pwd, random);
                attacker.send(ByteBuffer.wrap(buf, 0, n), port);
                for (int i = 0; i < 2000; i++) {
                    byte[] junk = new byte[13 + random.nextInt(300)];
                    random.nextBytes(junk);
                    junk[0] = (byte) (i % 2 == 0 ? 22 : 20 + random.nextInt(44));
                    attacker.send(ByteBuffer.wrap(junk), port);
                    byte[] rtcp = new byte[40];
                    random.nextBytes(rtcp);
                    rtcp[0] = (byte) 0x81;
                    rtcp[1] = (byte) 206;
                    attacker.send(ByteBuffer.wrap(rtcp), port);
                }
                String flood = flooder.awaitType("summary", 30_000);
                signal("CONT", stalled.pid());
                String summary = victim.awaitType("summary", 30_000);

                assertThat(NodePeer.number(summary, "frames")).as(summary).isGreaterThan(150);
                // The victim loses nothing (a packet late through NACK counts as received, not lost).
                assertThat(NodePeer.number(summary, "markersMissing"))
                        .as(summary)
                        .isZero();
                assertThat(NodePeer.number(summary, "seqMissing")).as(summary).isZero();
                assertThat(NodePeer.number(flood, "frames"))
                        .as("the flooder itself plays: " + flood)
                        .isGreaterThan(100);
                String resumed = stalled.awaitType("summary", 30_000);
                assertThat(NodePeer.number(resumed, "frames")).as(resumed).isPositive();

                SfuMetrics m = sfu.metrics();
                assertThat(m.iceBadIntegrity()).isGreaterThanOrEqualTo(1000);
                assertThat(m.garbageDatagrams()).isGreaterThan(1000);
                assertThat(m.rtcpRateLimited()).as(m.toString()).isPositive();
                assertThat(m.keyframeRequestsThrottled()).isPositive();
                assertThat(m.srtcpRejected()).isGreaterThanOrEqualTo(2000);
                assertThat(m.dtls().droppedMalformed()
                                + m.dtls().droppedQueueFull()
                                + m.dtls().failures(io.zonecam.webrtc.dtls.DtlsFailure.PROTOCOL_ERROR))
                        .as("DTLS garbage reached only the attacker's own session")
                        .isPositive();
                assertThat(m.transport().handlerErrors()).isZero();
            }
        }
    }

    private static int check(byte[] buf, String username, String pwd, Random random) {
        byte[] txid = new byte[12];
        random.nextBytes(txid);
        return new StunMessageWriter(buf, 0, buf.length)
                .header(Stun.BINDING_REQUEST, txid)
                .addString(Stun.ATTR_USERNAME, username)
                .addUInt32(Stun.ATTR_PRIORITY, 1853824767)
                .addUInt64(Stun.ATTR_ICE_CONTROLLING, random.nextLong())
                .addFlag(Stun.ATTR_USE_CANDIDATE)
                .addMessageIntegrity(StunIntegrity.shortTermKey(pwd))
                .addFingerprint()
                .length();
    }

    private static String attr(String sdp, String name) {
        Matcher m = Pattern.compile("a=" + name + ":(\\S+)").matcher(sdp);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static void signal(String signal, long pid) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                        .start()
                        .waitFor())
                .isZero();
    }
}
