package io.zonecam.ingest.rtsp;

import static io.zonecam.ingest.testing.RecordingSink.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.ingest.EndReason;
import io.zonecam.ingest.RejectReason;
import io.zonecam.ingest.testing.RawRtspClient;
import io.zonecam.ingest.testing.RawRtspClient.Response;
import io.zonecam.ingest.testing.RecordingSink;
import io.zonecam.ingest.testing.RtpPackets;
import io.zonecam.ingest.testing.TestAuthorizer;
import io.zonecam.media.frame.Codec;
import io.zonecam.media.frame.MediaFrame;
import io.zonecam.testing.NettyLeakCheck;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The RTSP publish state machine over a real socket: status codes, session handling, media and timeouts. */
@ExtendWith(NettyLeakCheck.class)
class RtspServerTest {

    static final String SPS = "Z01ADeygoP2AiAAAAwAIAAADAZB4oUyw";
    static final String PPS = "aM4PyA==";
    static final String SDP = "v=0\r\n"
            + "o=- 0 0 IN IP4 127.0.0.1\r\n"
            + "s=cam\r\n"
            + "t=0 0\r\n"
            + "m=video 0 RTP/AVP 96\r\n"
            + "a=rtpmap:96 H264/90000\r\n"
            + "a=fmtp:96 packetization-mode=1; sprop-parameter-sets=" + SPS + "," + PPS + "\r\n"
            + "a=control:trackID=1\r\n"
            + "m=audio 0 RTP/AVP 8\r\n"
            + "a=control:trackID=2\r\n";

    private final RecordingSink sink = new RecordingSink();
    private RtspServer server;

    private int start(RtspServerConfig.Builder b) throws Exception {
        server = new RtspServer(
                b.host("127.0.0.1").port(0).udpPorts(42000, 42019).build(), new TestAuthorizer(), sink, null);
        return server.start().getPort();
    }

    private int start() throws Exception {
        return start(RtspServerConfig.builder());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    static String url(int port, String camera) {
        return "rtsp://127.0.0.1:" + port + "/live/" + camera + "?token=" + TestAuthorizer.tokenFor(camera);
    }

    /** Publishes by hand: ANNOUNCE, SETUP (TCP) of the video track, RECORD; returns the session id. */
    static String publish(RawRtspClient c, int port, String camera) throws Exception {
        String url = url(port, camera);
        assertThat(c.announce(url, SDP).status()).isEqualTo(200);
        Response setup = c.request(
                "SETUP", url + "/trackID=1", null, "Transport: RTP/AVP/TCP;unicast;interleaved=0-1;mode=record");
        assertThat(setup.status()).isEqualTo(200);
        assertThat(setup.header("Transport")).isEqualTo("RTP/AVP/TCP;unicast;interleaved=0-1;mode=record");
        assertThat(setup.header("Session")).matches("[0-9a-f]{16};timeout=\\d+");
        String session = setup.session();
        assertThat(c.request("RECORD", url, null, "Session: " + session).status())
                .isEqualTo(200);
        return session;
    }

    /** One H.264 IDR (or P) picture as a single NAL unit packet (RFC 6184 §5.6). */
    static byte[] picture(int seq, long ts, boolean idr) {
        byte[] nal = idr ? new byte[] {0x65, (byte) 0x88, (byte) 0x84, 0x21} : new byte[] {0x41, (byte) 0x9A, 0x02};
        return RtpPackets.packet(96, true, seq, ts, 0x1234, nal);
    }

    @Test
    void optionsListsThePublishMethodsAndEchoesCseq() throws Exception {
        int port = start();
        try (RawRtspClient c = new RawRtspClient(port)) {
            Response r = c.request("OPTIONS", "rtsp://127.0.0.1/live/x", null);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Public")).contains("ANNOUNCE", "SETUP", "RECORD", "TEARDOWN", "GET_PARAMETER");
            assertThat(r.header("Server")).isEqualTo("zonecam");
        }
    }

    @Test
    void requestWithoutCseqIsRefusedWith400AndClosed() throws Exception {
        int port = start();
        try (RawRtspClient c = new RawRtspClient(port)) {
            c.sendRaw("OPTIONS * RTSP/1.0\r\n\r\n");
            Response r = c.read();
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.body()).contains("missing CSeq");
            assertThat(c.closedByServer()).isTrue();
        }
        assertThat(server.counters().rejected(RejectReason.MALFORMED)).isEqualTo(1);
    }

    @Test
    void malformedRequestIsRefusedWith400AndCounted() throws Exception {
        int port = start();
        try (RawRtspClient c = new RawRtspClient(port)) {
            c.sendRaw("HELLO\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(400);
            assertThat(c.closedByServer()).isTrue();
        }
        assertThat(server.counters().malformed()).isEqualTo(1);
    }

    @Test
    void announceWithoutTokenGets401WithABasicChallengeAndTheConnectionStaysOpen() throws Exception {
        int port = start();
        try (RawRtspClient c = new RawRtspClient(port)) {
            Response r = c.announce("rtsp://127.0.0.1/live/cam-1", SDP);
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.header("WWW-Authenticate")).isEqualTo("Basic realm=\"zonecam\"");
            assertThat(r.body()).contains("?token=");
            // The retry with the token as the Basic password succeeds on the same connection.
            String basic = java.util.Base64.getEncoder()
                    .encodeToString(("any:" + TestAuthorizer.tokenFor("cam-1")).getBytes());
            assertThat(c.announce("rtsp://127.0.0.1/live/cam-1", SDP, "Authorization: Basic " + basic)
                            .status())
                    .isEqualTo(200);
        }
        assertThat(server.counters().rejected(RejectReason.TOKEN_MISSING)).isEqualTo(1);
    }

    @Test
    void announceWithATokenForAnotherCameraGets403AndIsClosed() throws Exception {
        int port = start();
        try (RawRtspClient c = new RawRtspClient(port)) {
            Response r = c.announce("rtsp://127.0.0.1/live/cam-2?token=" + TestAuthorizer.tokenFor("cam-1"), SDP);
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.body()).contains("not authorized").doesNotContain("good-");
            assertThat(c.closedByServer()).isTrue();
        }
        assertThat(server.counters().rejected(RejectReason.FORBIDDEN)).isEqualTo(1);
        assertThat(sink.sessions).isEmpty();
    }

    @Test
    void announceToAPathWithoutACameraGets404() throws Exception {
        int port = start();
        try (RawRtspClient c = new RawRtspClient(port)) {
            assertThat(c.announce("rtsp://127.0.0.1/other/cam?token=x", SDP).status())
                    .isEqualTo(404);
        }
        try (RawRtspClient c = new RawRtspClient(port)) {
            assertThat(c.announce("rtsp://127.0.0.1/live/bad%20id?token=x", SDP).status())
                    .isEqualTo(404);
        }
        assertThat(server.counters().rejected(RejectReason.BAD_PATH)).isEqualTo(2);
    }

    @Test
    void announceWithMalformedSdpGets400() throws Exception {
        int port = start();
        try (RawRtspClient c = new RawRtspClient(port)) {
            Response r = c.announce(url(port, "cam-1"), "this is not sdp\r\n");
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.body()).contains("bad SDP");
        }
        try (RawRtspClient c = new RawRtspClient(port)) {
            String badSps = SDP.replace(SPS, "!!!");
            assertThat(c.announce(url(port, "cam-1"), badSps).status()).isEqualTo(400);
        }
        assertThat(server.counters().rejected(RejectReason.MALFORMED)).isEqualTo(2);
    }

    @Test
    void announceWithOnlyUnsupportedCodecsGets415() throws Exception {
        int port = start();
        String mjpeg = "v=0\r\no=- 0 0 IN IP4 0.0.0.0\r\ns=x\r\nt=0 0\r\nm=video 0 RTP/AVP 26\r\na=control:t1\r\n";
        try (RawRtspClient c = new RawRtspClient(port)) {
            Response r = c.announce(url(port, "cam-1"), mjpeg);
            assertThat(r.status()).isEqualTo(415);
            assertThat(r.body()).contains("no supported track");
        }
        assertThat(server.counters().rejected(RejectReason.UNSUPPORTED)).isEqualTo(1);
    }

    @Test
    void methodsOutOfOrderGet455AndWrongSessionsGet454() throws Exception {
        int port = start();
        String url = url(port, "cam-1");
        try (RawRtspClient c = new RawRtspClient(port)) {
            assertThat(c.request("SETUP", url + "/trackID=1", null, "Transport: RTP/AVP/TCP;interleaved=0-1")
                            .status())
                    .isEqualTo(455);
            assertThat(c.request("RECORD", url, null).status()).isEqualTo(455);
            assertThat(c.announce(url, SDP).status()).isEqualTo(200);
            assertThat(c.announce(url, SDP).status()).isEqualTo(455);
            assertThat(c.request("RECORD", url, null).status()).isEqualTo(455);
            Response setup = c.request("SETUP", url + "/trackID=1", null, "Transport: RTP/AVP/TCP;interleaved=0-1");
            assertThat(c.request(
                                    "SETUP",
                                    url + "/trackID=2",
                                    null,
                                    "Session: 0000",
                                    "Transport: RTP/AVP/TCP;interleaved=2-3")
                            .status())
                    .isEqualTo(454);
            assertThat(c.request("RECORD", url, null, "Session: 0000").status()).isEqualTo(454);
            assertThat(c.request("RECORD", url, null).status()).isEqualTo(454);
            assertThat(c.request("GET_PARAMETER", url, null, "Session: 0000").status())
                    .isEqualTo(454);
            assertThat(c.request("RECORD", url, null, "Session: " + setup.session())
                            .status())
                    .isEqualTo(200);
            assertThat(c.request("RECORD", url, null, "Session: " + setup.session())
                            .status())
                    .isEqualTo(455);
            assertThat(c.request("PLAY", url, null).status()).isEqualTo(405);
            assertThat(c.request("FLY", url, null).status()).isEqualTo(501);
        }
    }

    @Test
    void setupOfTheAggregateUrlGets459AndMulticastGets461() throws Exception {
        int port = start();
        String url = url(port, "cam-1");
        try (RawRtspClient c = new RawRtspClient(port)) {
            assertThat(c.announce(url, SDP).status()).isEqualTo(200);
            assertThat(c.request("SETUP", url, null, "Transport: RTP/AVP/TCP;interleaved=0-1")
                            .status())
                    .isEqualTo(459);
            assertThat(c.request("SETUP", url + "/trackID=9", null, "Transport: RTP/AVP/TCP;interleaved=0-1")
                            .status())
                    .isEqualTo(404);
            assertThat(c.request("SETUP", url + "/trackID=1", null, "Transport: RTP/AVP;multicast")
                            .status())
                    .isEqualTo(461);
            assertThat(c.request("SETUP", url + "/trackID=1", null, "Transport: RAW/RAW/UDP")
                            .status())
                    .isEqualTo(461);
        }
    }

    @Test
    void handPublishedSessionDeliversFramesKeepAlivesAndEndsOnTeardown() throws Exception {
        int port = start();
        try (RawRtspClient c = new RawRtspClient(port)) {
            String session = publish(c, port, "cam-1");
            for (int i = 0; i < 10; i++) {
                c.interleaved(0, picture(100 + i, 90_000L + 3600L * i, i % 5 == 0));
            }
            c.interleaved(1, new byte[] {(byte) 0x80, (byte) 200, 0, 6, 0, 0, 0, 0}); // RTCP: ignored
            c.interleaved(7, new byte[] {1, 2, 3}); // a channel nobody set up: dropped
            assertThat(c.request("GET_PARAMETER", url(port, "cam-1"), null, "Session: " + session)
                            .status())
                    .isEqualTo(200);
            assertThat(c.request("OPTIONS", url(port, "cam-1"), null, "Session: " + session)
                            .status())
                    .isEqualTo(200);
            assertThat(server.sessions())
                    .singleElement()
                    .satisfies(s -> assertThat(s.sessionId()).isEqualTo(session));
            assertThat(c.request("TEARDOWN", url(port, "cam-1"), null, "Session: " + session)
                            .status())
                    .isEqualTo(200);
            assertThat(c.closedByServer()).isTrue();
        }
        await("end", Duration.ofSeconds(5), () -> sink.only().endReason != null);
        RecordingSink.Recorded s = sink.only();
        assertThat(s.endReason).isEqualTo(EndReason.UNPUBLISHED);
        assertThat(s.session.tracks()).singleElement().satisfies(t -> {
            assertThat(t.codec()).isEqualTo(Codec.H264);
            assertThat(t.width()).isEqualTo(320);
        });
        List<MediaFrame> frames = s.frames;
        assertThat(frames).hasSize(10);
        assertThat(frames)
                .extracting(MediaFrame::keyframe)
                .containsExactly(true, false, false, false, false, true, false, false, false, false);
        assertThat(frames.get(1).dts() - frames.get(0).dts()).isEqualTo(3600);
        assertThat(frames.get(0).data()).isEqualTo(HexFormat.of().parseHex("0000000465888421"));
        assertThat(server.sessions()).isEmpty();
        assertThat(server.counters().sessionsActive()).isZero();
    }

    @Test
    void disconnectEndsTheSessionWithServerClosed() throws Exception {
        int port = start();
        try (RawRtspClient c = new RawRtspClient(port)) {
            String session = publish(c, port, "cam-1");
            assertThat(server.disconnect(session)).isTrue();
            assertThat(c.closedByServer()).isTrue();
            assertThat(server.disconnect(session)).isFalse();
        }
        await("end", Duration.ofSeconds(5), () -> sink.only().endReason != null);
        assertThat(sink.only().endReason).isEqualTo(EndReason.SERVER_CLOSED);
    }

    @Test
    void recordingSessionWithoutDataTimesOut() throws Exception {
        int port = start(RtspServerConfig.builder().sessionTimeout(Duration.ofSeconds(1)));
        try (RawRtspClient c = new RawRtspClient(port)) {
            publish(c, port, "cam-1");
            c.interleaved(0, picture(1, 0, true));
            assertThat(c.closedByServer()).isTrue(); // within the 5 s socket timeout
        }
        await("end", Duration.ofSeconds(5), () -> sink.only().endReason != null);
        assertThat(sink.only().endReason).isEqualTo(EndReason.TIMEOUT);
        assertThat(sink.only().frames).hasSize(1);
        assertThat(server.counters().snapshot().ended(EndReason.TIMEOUT)).isEqualTo(1);
    }

    @Test
    void slowLorisRequestIsClosedAtTheHandshakeTimeout() throws Exception {
        int port = start(RtspServerConfig.builder().handshakeTimeout(Duration.ofMillis(500)));
        long t0 = System.nanoTime();
        try (RawRtspClient c = new RawRtspClient(port)) {
            // One byte every 100 ms never completes a request before the handshake deadline.
            Thread trickle = Thread.ofVirtual().start(() -> {
                try {
                    for (char ch : "OPTIONS rtsp://127.0.0.1/live/cam RTSP/1.0\r\nCSeq: 1\r\n".toCharArray()) {
                        c.sendRaw(String.valueOf(ch));
                        java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L); // pacing, not waiting
                    }
                } catch (java.io.IOException expected) {
                    // the server closed the connection
                }
            });
            assertThat(c.closedByServer()).isTrue();
            trickle.interrupt();
        }
        assertThat(System.nanoTime() - t0).isLessThan(3_000_000_000L);
        assertThat(server.counters().rejected(RejectReason.TIMEOUT)).isEqualTo(1);
    }
}
