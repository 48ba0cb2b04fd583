package io.zonecam.ingest.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.zonecam.ingest.EndReason;
import io.zonecam.ingest.IngestCounters;
import io.zonecam.ingest.PublishSession;
import io.zonecam.ingest.RejectReason;
import io.zonecam.ingest.testing.RecordingRtspConnection;
import io.zonecam.ingest.testing.RecordingSink;
import io.zonecam.ingest.testing.RtpPackets;
import io.zonecam.ingest.testing.TestAuthorizer;
import io.zonecam.ingest.testing.TestGates;
import io.zonecam.media.frame.Codec;
import io.zonecam.media.frame.MediaFrame;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The RTSP publish state machine without a socket: requests go in as the bytes a publisher sends (decoded by the real
 * {@link RtspDecoder}), responses come out as the bytes the real {@link RtspEncoder} writes, and UDP binds, the
 * publish and closing are recorded by a {@link RecordingRtspConnection}. Time is a variable.
 */
class RtspSessionTest {

    static final String TOKEN = TestAuthorizer.tokenFor("cam-1");
    static final String URL = "rtsp://127.0.0.1:8554/live/cam-1";

    private final IngestCounters counters = new IngestCounters();
    private final RecordingRtspConnection<RecordingSink> connection =
            new RecordingRtspConnection<>(new RecordingSink(), null);
    private long now = 1_000_000_000L;
    private final RtspSession session = new RtspSession(
            RtspServerConfig.builder()
                    .handshakeTimeout(Duration.ofSeconds(10))
                    .sessionTimeout(Duration.ofSeconds(5))
                    .build(),
            TestGates.rtsp(counters),
            connection,
            () -> now);

    /** Decodes the bytes of one request (or interleaved frame) and hands it to the session. */
    private void receive(String bytes) {
        EmbeddedChannel ch = new EmbeddedChannel(new RtspDecoder(RtspDecoder.Limits.defaults()));
        ch.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.UTF_8));
        Object m;
        while ((m = ch.readInbound()) != null) {
            session.receive(m);
        }
        ch.finish();
    }

    static String announce(int cseq, String url) {
        byte[] sdp = RtspDecoderTest.FFMPEG_SDP.getBytes(StandardCharsets.UTF_8);
        return "ANNOUNCE " + url + " RTSP/1.0\r\n" // RFC 2326 §10.3
                + "Content-Type: application/sdp\r\n"
                + "CSeq: " + cseq + "\r\n"
                + "User-Agent: Lavf59.27.100\r\n"
                + "Content-Length: " + sdp.length + "\r\n"
                + "\r\n"
                + RtspDecoderTest.FFMPEG_SDP;
    }

    private String sessionId() {
        for (String s : connection.sent) {
            int i = s.indexOf("Session: ");
            if (i >= 0) {
                return s.substring(i + 9, s.indexOf(';', i));
            }
        }
        throw new AssertionError("no Session header in " + connection.sent);
    }

    /** ANNOUNCE, SETUP of the video track on channels 0-1, RECORD. */
    private void publishOverTcp() {
        receive(announce(2, URL + "?token=" + TOKEN));
        receive("SETUP " + URL + "/streamid=0 RTSP/1.0\r\n"
                + "Transport: RTP/AVP/TCP;unicast;interleaved=0-1;mode=record\r\n"
                + "CSeq: 3\r\n\r\n");
        receive("RECORD " + URL + " RTSP/1.0\r\nRange: npt=0.000-\r\nCSeq: 4\r\nSession: " + sessionId() + "\r\n\r\n");
    }

    /** One H.264 picture as a single NAL unit packet (RFC 6184 §5.6): IDR (type 5) or non-IDR slice (type 1). */
    static InterleavedFrame picture(int seq, long ts, boolean idr) {
        byte[] nal = idr ? new byte[] {0x65, (byte) 0x88, (byte) 0x84, 0x21} : new byte[] {0x41, (byte) 0x9A, 0x02};
        return new InterleavedFrame(0, RtpPackets.packet(96, true, seq, ts, 0x1234, nal));
    }

    @Test
    void ffmpegsPublishIsAnsweredInOrderAndItsMediaReachesTheListener() {
        publishOverTcp();
        assertThat(connection.sent.get(0)).isEqualTo("RTSP/1.0 200 OK\r\nCSeq: 2\r\nServer: zonecam\r\n\r\n");
        assertThat(connection.sent.get(1))
                .startsWith("RTSP/1.0 200 OK\r\n")
                .contains("Transport: RTP/AVP/TCP;unicast;interleaved=0-1;mode=record\r\n")
                .containsPattern("Session: [0-9a-f]{16};timeout=5\r\n");
        assertThat(connection.sent.get(2)).startsWith("RTSP/1.0 200 OK\r\nCSeq: 4\r\n");
        PublishSession started = connection.sink.only().session;
        assertThat(started.cameraId()).isEqualTo("cam-1");
        assertThat(started.sessionId()).isEqualTo(sessionId());
        assertThat(started.tracks()).singleElement().satisfies(t -> {
            assertThat(t.codec()).isEqualTo(Codec.H264);
            assertThat(t.width()).isEqualTo(320); // from sprop-parameter-sets
        });

        session.receive(picture(1, 90_000, true));
        session.receive(picture(2, 93_600, false));
        session.receive(new InterleavedFrame(1, new byte[] {(byte) 0x80, (byte) 200, 0, 6})); // RTCP: not recorded
        receive("TEARDOWN " + URL + " RTSP/1.0\r\nCSeq: 5\r\nSession: " + sessionId() + "\r\n\r\n");

        RecordingSink.Recorded s = connection.sink.only();
        // The RTP timeline starts one second in (TrackPipeline.RTP_TIMELINE_START), whatever the first RTP timestamp.
        assertThat(s.frames).extracting(MediaFrame::pts).containsExactly(90_000L, 93_600L);
        assertThat(s.frames.get(0).data()).containsExactly(0, 0, 0, 4, 0x65, 0x88, 0x84, 0x21);
        assertThat(s.endReason).isEqualTo(EndReason.UNPUBLISHED);
        assertThat(connection.last()).startsWith("RTSP/1.0 200 OK\r\nCSeq: 5\r\n");
        assertThat(connection.closed).isEqualTo("after the answer");
        assertThat(counters.framesDropped()).isZero();
    }

    /**
     * ffmpeg's RTSP muxer puts the SPS/PPS of libx264 High ({@code -bf 2}) in the SDP only; the pictures follow in
     * decode order with presentation-time RTP timestamps. The whole first GOP reaches the listener from its keyframe,
     * with decode times a recorder can store: never negative, always increasing, never after the presentation time.
     */
    @Test
    void theFirstBFrameGopReachesTheListenerWholeWithDecodeTimesThatCanBeStored() {
        publishOverTcp();
        long base = 1_234_567; // any first RTP timestamp
        long[] order = {0, 3, 1, 2, 6, 4, 5, 9, 7, 8, 10}; // I0 P3 B1 B2 P6 B4 B5 P9 B7 B8 I10
        for (int i = 0; i < order.length; i++) {
            session.receive(picture(i + 1, base + order[i] * 3600, i == 0 || order[i] == 10));
        }
        receive("TEARDOWN " + URL + " RTSP/1.0\r\nCSeq: 5\r\nSession: " + sessionId() + "\r\n\r\n");

        List<MediaFrame> frames = connection.sink.only().frames;
        assertThat(frames).hasSize(order.length);
        assertThat(frames.get(0).keyframe()).isTrue();
        assertThat(frames)
                .extracting(f -> (f.pts() - frames.get(0).pts()) / 3600)
                .containsExactly(0L, 3L, 1L, 2L, 6L, 4L, 5L, 9L, 7L, 8L, 10L);
        assertThat(frames).extracting(MediaFrame::dts).isSorted().doesNotHaveDuplicates();
        assertThat(frames).allSatisfy(f -> assertThat(f.dts()).as("dts").isBetween(0L, f.pts()));
        assertThat(frames.get(1).dts() - frames.get(0).dts())
                .as("one frame apart")
                .isEqualTo(3600);
        assertThat(counters.framesDropped()).isZero();
    }

    @Test
    void announceWithoutATokenGets401WithABasicChallengeAndStaysOpen() {
        receive(announce(2, URL));
        assertThat(connection.last())
                .startsWith("RTSP/1.0 401 Unauthorized\r\nContent-Type: text/plain; charset=utf-8\r\n"
                        + "WWW-Authenticate: Basic realm=\"zonecam\"\r\nCSeq: 2\r\nServer: zonecam\r\n")
                .contains("?token=");
        assertThat(connection.closed).isNull();
        assertThat(counters.rejected(RejectReason.TOKEN_MISSING)).isEqualTo(1);
        // The retry carries the token as the Basic password ("any:good-cam-1", RFC 7617).
        String basic = java.util.Base64.getEncoder().encodeToString(("any:" + TOKEN).getBytes());
        receive(announce(3, URL).replace("CSeq: 3\r\n", "CSeq: 3\r\nAuthorization: Basic " + basic + "\r\n"));
        assertThat(connection.last()).startsWith("RTSP/1.0 200 OK\r\nCSeq: 3\r\n");
    }

    @Test
    void aDeniedTokenGets403AndTheConversationEnds() {
        receive(announce(2, URL + "?token=stolen"));
        assertThat(connection.last()).startsWith("RTSP/1.0 403 Forbidden\r\n").contains("not authorized");
        assertThat(connection.closed).isEqualTo("after the answer");
        assertThat(counters.rejected(RejectReason.FORBIDDEN)).isEqualTo(1);
        receive("OPTIONS " + URL + " RTSP/1.0\r\nCSeq: 3\r\n\r\n");
        assertThat(connection.sent).hasSize(1); // nothing is answered after the end
    }

    @Test
    void requestsPipelinedBehindAUdpBindAreAnsweredAfterItInOrder() {
        receive(announce(2, URL + "?token=" + TOKEN));
        receive("SETUP " + URL + "/streamid=0 RTSP/1.0\r\n"
                + "Transport: RTP/AVP/UDP;unicast;client_port=5000-5001;mode=record\r\n"
                + "CSeq: 3\r\n\r\n");
        receive("OPTIONS " + URL + " RTSP/1.0\r\nCSeq: 4\r\n\r\n"); // arrives while the bind is in flight
        assertThat(connection.sent).hasSize(1);

        connection.binds.get(0).accept(new RtspConnection.UdpPorts() {
            @Override
            public int rtpPort() {
                return 30002;
            }

            @Override
            public void close() {}
        });
        assertThat(connection.sent.get(1))
                .startsWith("RTSP/1.0 200 OK\r\nTransport: RTP/AVP/UDP;unicast;client_port=5000-5001;"
                        + "server_port=30002-30003;mode=record\r\nCSeq: 3\r\n");
        assertThat(connection.sent.get(2)).startsWith("RTSP/1.0 200 OK\r\n").contains("CSeq: 4\r\n");
        // UDP media before RECORD is not recorded (RFC 2326 §10.11).
        connection.udpRtp.get(0).accept(picture(1, 0, true).data());
        assertThat(counters.framesDropped()).isEqualTo(1);
    }

    @Test
    void noFreeUdpPortPairGets503AndAskForTcp() {
        receive(announce(2, URL + "?token=" + TOKEN));
        receive("SETUP " + URL + "/streamid=0 RTSP/1.0\r\nTransport: RTP/AVP;unicast;client_port=5000-5001\r\n"
                + "CSeq: 3\r\n\r\n");
        connection.binds.get(0).accept(null);
        assertThat(connection.last())
                .startsWith("RTSP/1.0 503 Service Unavailable\r\n")
                .contains("Retry-After: 5\r\n", "use TCP");
        assertThat(counters.rejected(RejectReason.CAPACITY)).isEqualTo(1);
    }

    @Test
    void aConnectionThatDoesNotRecordWithinTheHandshakeTimeoutIsClosed() {
        receive("OPTIONS " + URL + " RTSP/1.0\r\nCSeq: 1\r\n\r\n");
        now += Duration.ofSeconds(10).toNanos();
        session.checkTimeouts(now);
        assertThat(connection.closed).isNull();
        now += 1;
        session.checkTimeouts(now);
        assertThat(connection.closed).isEqualTo("now");
        assertThat(counters.rejected(RejectReason.TIMEOUT)).isEqualTo(1);
    }

    @Test
    void aRecordingSessionEndsWhenNothingArrivesForTheSessionTimeout() {
        publishOverTcp();
        long lastRead = now;
        now += Duration.ofSeconds(4).toNanos();
        session.checkTimeouts(lastRead);
        assertThat(connection.closed).isNull();
        now += Duration.ofSeconds(2).toNanos();
        session.checkTimeouts(lastRead);
        assertThat(connection.closed).isEqualTo("now");
        assertThat(connection.sink.only().endReason).isEqualTo(EndReason.TIMEOUT);
    }

    @Test
    void decodeFailuresAreCountedByTheirStatusNotTheirText() {
        session.receive(new RtspDecodeFailure(RtspStatus.REQUEST_ENTITY_TOO_LARGE, "Content-Length 99999999"));
        assertThat(connection.last()).startsWith("RTSP/1.0 413 Request Entity Too Large\r\n");
        assertThat(connection.closed).isEqualTo("after the answer");
        assertThat(counters.rejected(RejectReason.LIMIT)).isEqualTo(1);
        assertThat(counters.malformed()).isEqualTo(1);
    }

    @Test
    void aSinkThatRefusesTheSessionGets503() {
        connection.refusePublish = true;
        publishOverTcp();
        assertThat(connection.last()).startsWith("RTSP/1.0 503 Service Unavailable\r\nContent-Type");
        assertThat(connection.closed).isEqualTo("after the answer");
        assertThat(connection.sink.sessions).isEmpty();
    }
}
