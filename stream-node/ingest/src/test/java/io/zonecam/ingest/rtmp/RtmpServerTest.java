package io.zonecam.ingest.rtmp;

import static io.zonecam.ingest.testing.RecordingSink.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.ingest.EndReason;
import io.zonecam.ingest.RejectReason;
import io.zonecam.ingest.testing.RecordingSink;
import io.zonecam.ingest.testing.TestAuthorizer;
import io.zonecam.media.frame.Codec;
import io.zonecam.testing.NettyLeakCheck;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The RTMP publish state machine over a real socket: commands, refusals, limits and timeouts. */
@ExtendWith(NettyLeakCheck.class)
class RtmpServerTest {

    private final RecordingSink sink = new RecordingSink();
    private RtmpServer server;

    private int start(RtmpServerConfig.Builder b) throws Exception {
        server = new RtmpServer(b.host("127.0.0.1").port(0).build(), new TestAuthorizer(), sink, null);
        return server.start().getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private static Map<?, ?> info(List<Object> onStatus) {
        return (Map<?, ?>) onStatus.get(3);
    }

    /** connect → createStream → publish; returns the onStatus values. */
    private static List<Object> publish(RawRtmpClient c, String name, String tcUrl) throws Exception {
        c.handshake();
        c.connect("live", tcUrl);
        List<Object> result = c.awaitCommand("_result");
        assertThat(((Map<?, ?>) result.get(3)).get("code")).isEqualTo("NetConnection.Connect.Success");
        c.command(0, "releaseStream", 2.0, null, name);
        c.command(0, "FCPublish", 3.0, null, name);
        c.command(0, "createStream", 4.0, null);
        List<Object> created = c.awaitCommand("_result");
        assertThat(created.get(1)).isEqualTo(4.0);
        int stream = ((Double) created.get(3)).intValue();
        c.command(stream, "publish", 5.0, null, name, "live");
        return c.awaitCommand("onStatus");
    }

    @Test
    void handPublishedStreamDeliversFramesAndEndsOnDeleteStream() throws Exception {
        int port = start(RtmpServerConfig.builder());
        try (RawRtmpClient c = new RawRtmpClient(port)) {
            List<Object> status = publish(c, "cam-1?token=" + TestAuthorizer.tokenFor("cam-1"), "rtmp://h/live");
            assertThat(info(status).get("code")).isEqualTo("NetStream.Publish.Start");
            c.send(new RtmpMessage(
                    4,
                    RtmpMessage.DATA_AMF0,
                    1,
                    0,
                    Amf0.encode("@setDataFrame", "onMetaData", Map.of("videocodecid", 7.0, "width", 320.0))));
            c.send(new RtmpMessage(6, RtmpMessage.VIDEO, 1, 0, FlvMediaDemuxerTest.avcSequenceHeader()));
            for (int i = 0; i < 5; i++) {
                byte[] tag = {(byte) (i == 0 ? 0x17 : 0x27), 1, 0, 0, 0, 0, 0, 0, 2, (byte) (i == 0 ? 0x65 : 0x41), 7};
                c.send(new RtmpMessage(6, RtmpMessage.VIDEO, 1, 40L * i, tag));
            }
            c.command(0, "FCUnpublish", 6.0, null, "cam-1");
            c.command(0, "deleteStream", 7.0, null, 1.0);
            sink.awaitOnlyEnded();
        }
        RecordingSink.Recorded s = sink.only();
        assertThat(s.endReason).isEqualTo(EndReason.UNPUBLISHED);
        assertThat(s.session.tracks())
                .singleElement()
                .satisfies(t -> assertThat(t.codec()).isEqualTo(Codec.H264));
        assertThat(s.frames).hasSize(5);
        assertThat(s.frames.get(4).dts()).isEqualTo(160);
        assertThat(server.counters().sessionsActive()).isZero();
    }

    @Test
    void tokenOnTheTcUrlIsAcceptedWhenTheStreamNameHasNone() throws Exception {
        int port = start(RtmpServerConfig.builder());
        try (RawRtmpClient c = new RawRtmpClient(port)) {
            List<Object> status = publish(c, "cam-7", "rtmp://h/live?token=" + TestAuthorizer.tokenFor("cam-7"));
            assertThat(info(status).get("code")).isEqualTo("NetStream.Publish.Start");
        }
    }

    @Test
    void badStreamNameGetsBadNameAndIsClosed() throws Exception {
        int port = start(RtmpServerConfig.builder());
        try (RawRtmpClient c = new RawRtmpClient(port)) {
            List<Object> status = publish(c, "no spaces allowed?token=x", "rtmp://h/live");
            assertThat(info(status).get("level")).isEqualTo("error");
            assertThat(info(status).get("code")).isEqualTo("NetStream.Publish.BadName");
            assertThat(c.closedByServer()).isTrue();
        }
        assertThat(server.counters().rejected(RejectReason.BAD_PATH)).isEqualTo(1);
    }

    @Test
    void unknownApplicationIsRejectedAtConnect() throws Exception {
        int port = start(RtmpServerConfig.builder());
        try (RawRtmpClient c = new RawRtmpClient(port)) {
            c.handshake();
            c.connect("vod", "rtmp://h/vod");
            List<Object> error = c.awaitCommand("_error");
            assertThat(((Map<?, ?>) error.get(3)).get("code")).isEqualTo("NetConnection.Connect.Rejected");
            assertThat(c.closedByServer()).isTrue();
        }
        assertThat(server.counters().rejected(RejectReason.BAD_PATH)).isEqualTo(1);
    }

    @Test
    void wrongHandshakeVersionIsClosedAndCounted() throws Exception {
        int port = start(RtmpServerConfig.builder());
        try (RawRtmpClient c = new RawRtmpClient(port)) {
            c.sendRaw("GET / HTTP/1.1\r\n\r\n".getBytes());
            assertThat(c.closedByServer()).isTrue();
        }
        await("counted", Duration.ofSeconds(2), () -> server.counters().malformed() == 1);
        assertThat(server.counters().rejected(RejectReason.MALFORMED)).isEqualTo(1);
    }

    @Test
    void oversizedMessageClosesTheConnectionWithALimitRefusal() throws Exception {
        int port = start(RtmpServerConfig.builder().maxMessageLength(64 * 1024));
        try (RawRtmpClient c = new RawRtmpClient(port)) {
            c.handshake();
            // fmt 0, csid 3: declared length 0xFFFFFF (16 MiB - 1), type 20
            c.sendRaw(new byte[] {0x03, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x14, 0, 0, 0, 0});
            assertThat(c.closedByServer()).isTrue();
        }
        await("counted", Duration.ofSeconds(2), () -> server.counters().rejected(RejectReason.LIMIT) == 1);
    }

    @Test
    void malformedAmfInACommandClosesTheConnection() throws Exception {
        int port = start(RtmpServerConfig.builder());
        try (RawRtmpClient c = new RawRtmpClient(port)) {
            c.handshake();
            c.send(new RtmpMessage(3, RtmpMessage.COMMAND_AMF0, 0, 0, new byte[] {0x02, 0x00, 0x10, 'c'}));
            assertThat(c.closedByServer()).isTrue();
        }
        await("counted", Duration.ofSeconds(2), () -> server.counters().malformed() == 1);
    }

    @Test
    void silentConnectionAfterTheHandshakeIsClosedAtTheHandshakeTimeout() throws Exception {
        int port = start(RtmpServerConfig.builder().handshakeTimeout(Duration.ofMillis(500)));
        long t0 = System.nanoTime();
        try (RawRtmpClient c = new RawRtmpClient(port)) {
            c.handshake();
            c.connect("live", "rtmp://h/live"); // connected, but never publishes
            c.awaitCommand("_result");
            assertThat(c.closedByServer()).isTrue();
        }
        assertThat(System.nanoTime() - t0).isLessThan(3_000_000_000L);
        assertThat(server.counters().rejected(RejectReason.TIMEOUT)).isEqualTo(1);
    }

    @Test
    void publishingSessionWithoutDataIsClosedAtTheIdleTimeout() throws Exception {
        int port = start(RtmpServerConfig.builder().idleTimeout(Duration.ofMillis(700)));
        try (RawRtmpClient c = new RawRtmpClient(port)) {
            publish(c, "cam-1?token=" + TestAuthorizer.tokenFor("cam-1"), "rtmp://h/live");
            c.send(new RtmpMessage(4, RtmpMessage.AUDIO, 1, 0, new byte[] {0x72, 1, 2})); // one G.711 frame
            assertThat(c.closedByServer()).isTrue();
        }
        assertThat(sink.awaitOnlyEnded().endReason).isEqualTo(EndReason.TIMEOUT);
    }

    @Test
    void disconnectEndsTheSessionWithServerClosed() throws Exception {
        int port = start(RtmpServerConfig.builder());
        try (RawRtmpClient c = new RawRtmpClient(port)) {
            publish(c, "cam-1?token=" + TestAuthorizer.tokenFor("cam-1"), "rtmp://h/live");
            c.send(new RtmpMessage(4, RtmpMessage.AUDIO, 1, 0, new byte[] {(byte) 0x82, 1}));
            await("started", Duration.ofSeconds(5), () -> server.sessions().size() == 1);
            assertThat(server.disconnect(server.sessions().get(0).sessionId())).isTrue();
            assertThat(c.closedByServer()).isTrue();
        }
        await("end", Duration.ofSeconds(5), () -> sink.only().endReason != null);
        assertThat(sink.only().endReason).isEqualTo(EndReason.SERVER_CLOSED);
    }
}
