package io.zonecam.ingest.rtmp;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.ingest.EndReason;
import io.zonecam.ingest.IngestCounters;
import io.zonecam.ingest.RejectReason;
import io.zonecam.ingest.testing.RecordingRtmpConnection;
import io.zonecam.ingest.testing.RecordingSink;
import io.zonecam.ingest.testing.TestAuthorizer;
import io.zonecam.ingest.testing.TestGates;
import io.zonecam.media.frame.MediaFrame;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The RTMP publish state machine without a socket: reassembled messages in (their AMF0 payloads as the bytes ffmpeg
 * sends), messages out, the publish and closing recorded by a {@link RecordingRtmpConnection}.
 */
class RtmpSessionTest {

    /** ffmpeg's connect command (RTMP 1.0 §7.2.1.1), AMF0 (AMF0 spec §2) with the fields the server reads. */
    static final byte[] CONNECT = HexFormat.of()
            .parseHex(
                    ("02 0007 636f6e6e656374" // string "connect"
                                    + " 00 3ff0000000000000" // number 1: transaction id
                                    + " 03" // object
                                    + " 0003 617070 02 0004 6c697665" // app: "live"
                                    + " 0004 74797065 02 000a 6e6f6e70726976617465" // type: "nonprivate"
                                    + " 0005 746355726c 02 001a 72746d703a2f2f3132372e302e302e313a313933352f6c697665"
                                    + " 000009") // object end; tcUrl above: "rtmp://127.0.0.1:1935/live"
                            .replace(" ", ""));

    private final IngestCounters counters = new IngestCounters();
    private final RecordingRtmpConnection<RecordingSink> connection =
            new RecordingRtmpConnection<>(new RecordingSink(), null);
    private final RtmpSession session =
            new RtmpSession(RtmpServerConfig.builder().build(), TestGates.rtmp(counters), connection);

    private void command(int streamId, Object... values) {
        session.receive(new RtmpMessage(3, RtmpMessage.COMMAND_AMF0, streamId, 0, Amf0.encode(values)));
    }

    private static Map<?, ?> info(List<Object> command) {
        return (Map<?, ?>) command.get(3);
    }

    /** The handshake, connect, createStream and publish of {@code name}; returns the onStatus values. */
    private List<Object> publish(String name) {
        session.handshakeDone();
        session.receive(new RtmpMessage(3, RtmpMessage.COMMAND_AMF0, 0, 0, CONNECT));
        command(0, "releaseStream", 2.0, null, name);
        command(0, "FCPublish", 3.0, null, name);
        command(0, "createStream", 4.0, null);
        command(1, "publish", 5.0, null, name, "live");
        return connection.lastCommand();
    }

    @Test
    void ffmpegsConnectIsAnsweredWithWindowBandwidthChunkSizeAndSuccess() {
        session.handshakeDone();
        session.receive(new RtmpMessage(3, RtmpMessage.COMMAND_AMF0, 0, 0, CONNECT));
        assertThat(connection.sent)
                .extracting(RtmpMessage::typeId)
                .containsExactly(
                        RtmpMessage.WINDOW_ACK_SIZE,
                        RtmpMessage.SET_PEER_BANDWIDTH,
                        RtmpMessage.SET_CHUNK_SIZE,
                        RtmpMessage.COMMAND_AMF0);
        assertThat(connection.sent.get(2).payload()).containsExactly(0, 0, 0x10, 0); // 4096
        List<Object> result = connection.lastCommand();
        assertThat(result.subList(0, 2)).containsExactly("_result", 1.0);
        assertThat(info(result).get("code")).isEqualTo("NetConnection.Connect.Success");
    }

    @Test
    void anAuthorisedPublishDeliversFramesUntilDeleteStream() {
        List<Object> status = publish("cam-1?token=" + TestAuthorizer.tokenFor("cam-1"));
        assertThat(info(status).get("code")).isEqualTo("NetStream.Publish.Start");
        session.receive(new RtmpMessage(
                4,
                RtmpMessage.DATA_AMF0,
                1,
                0,
                Amf0.encode("@setDataFrame", "onMetaData", Map.of("videocodecid", 7.0))));
        session.receive(new RtmpMessage(6, RtmpMessage.VIDEO, 1, 0, FlvMediaDemuxerTest.avcSequenceHeader()));
        assertThat(connection.sink.only().session.cameraId()).isEqualTo("cam-1"); // started with its track known
        for (int i = 0; i < 3; i++) {
            // FLV VIDEODATA: key/inter frame | AVC, NALU, composition time 0, one 2-byte NAL unit (IDR or slice).
            byte[] tag = {(byte) (i == 0 ? 0x17 : 0x27), 1, 0, 0, 0, 0, 0, 0, 2, (byte) (i == 0 ? 0x65 : 0x41), 7};
            session.receive(new RtmpMessage(6, RtmpMessage.VIDEO, 1, 40L * i, tag));
        }
        command(0, "deleteStream", 7.0, null, 1.0);
        RecordingSink.Recorded s = connection.sink.only();
        assertThat(s.frames).extracting(MediaFrame::dts).containsExactly(0L, 40L, 80L);
        assertThat(s.frames).extracting(MediaFrame::keyframe).containsExactly(true, false, false);
        assertThat(s.endReason).isEqualTo(EndReason.UNPUBLISHED);
        assertThat(connection.closed).isEqualTo("now");
    }

    @Test
    void aDeniedTokenIsRejectedOnTheStreamAndClosedAfterTheStatus() {
        List<Object> status = publish("cam-1?token=stolen");
        assertThat(info(status).get("level")).isEqualTo("error");
        assertThat(info(status).get("code")).isEqualTo("NetStream.Publish.Rejected");
        assertThat((String) info(status).get("description"))
                .contains("not authorized")
                .doesNotContain("stolen");
        assertThat(connection.closed).isEqualTo("after sending");
        assertThat(counters.rejected(RejectReason.FORBIDDEN)).isEqualTo(1);
        assertThat(connection.sink.sessions).isEmpty();
    }

    @Test
    void aStreamNameThatIsNoCameraIdIsABadName() {
        List<Object> status = publish("no spaces?token=x");
        assertThat(info(status).get("code")).isEqualTo("NetStream.Publish.BadName");
        assertThat(counters.rejected(RejectReason.BAD_PATH)).isEqualTo(1);
    }

    @Test
    void protocolErrorsAreCountedByTheirKindNotTheirText() {
        session.handshakeDone();
        session.receive(new RtmpMessage(3, RtmpMessage.COMMAND_AMF0, 0, 0, CONNECT));
        for (int i = 0; i < RtmpSession.MAX_STREAMS + 1; i++) {
            command(0, "createStream", 4.0 + i, null);
        }
        assertThat(counters.rejected(RejectReason.LIMIT)).isEqualTo(1);
        assertThat(connection.closed).isEqualTo("now");

        RtmpSession other = new RtmpSession(
                RtmpServerConfig.builder().build(),
                TestGates.rtmp(counters),
                new RecordingRtmpConnection<>(new RecordingSink(), null));
        other.handshakeDone();
        other.receive(new RtmpMessage(3, RtmpMessage.COMMAND_AMF0, 0, 0, Amf0.encode("publish", 1.0)));
        assertThat(counters.rejected(RejectReason.MALFORMED)).isEqualTo(1); // publish before connect
    }

    @Test
    void aDecoderFaultWhilePublishingEndsTheSessionWithoutARefusal() {
        publish("cam-1?token=" + TestAuthorizer.tokenFor("cam-1"));
        session.receive(new RtmpMessage(4, RtmpMessage.AUDIO, 1, 0, new byte[] {0x72, 1, 2})); // G.711: starts
        session.fault(RtmpException.overLimit("message of 9000000 bytes on chunk stream 6 exceeds the limit"));
        assertThat(connection.sink.only().endReason).isEqualTo(EndReason.PROTOCOL_ERROR);
        assertThat(counters.rejected(RejectReason.LIMIT)).isZero();
        assertThat(counters.malformed()).isEqualTo(1);
    }

    @Test
    void idlenessEndsAPublishingSessionWithTimeoutAndRefusesAnIdleHandshake() {
        publish("cam-1?token=" + TestAuthorizer.tokenFor("cam-1"));
        session.receive(new RtmpMessage(4, RtmpMessage.AUDIO, 1, 0, new byte[] {0x72, 1, 2}));
        session.handshakeTimedOut(); // publishing: the deadline no longer applies
        assertThat(connection.closed).isNull();
        session.idle();
        assertThat(connection.sink.only().endReason).isEqualTo(EndReason.TIMEOUT);
        assertThat(counters.rejected(RejectReason.TIMEOUT)).isZero();
    }

    @Test
    void acknowledgesEachWindowAndAnswersPings() {
        session.handshakeDone();
        session.receive(new RtmpMessage(2, RtmpMessage.WINDOW_ACK_SIZE, 0, 0, new byte[] {0, 0, 0x03, (byte) 0xE8}));
        connection.bytesReceived = 1500;
        // User Control PingRequest (event 6) with timestamp 0x01020304 (§7.1.7).
        session.receive(new RtmpMessage(2, RtmpMessage.USER_CONTROL, 0, 0, new byte[] {0, 6, 1, 2, 3, 4}));
        assertThat(connection.sent)
                .extracting(RtmpMessage::typeId)
                .containsExactly(RtmpMessage.ACKNOWLEDGEMENT, RtmpMessage.USER_CONTROL);
        assertThat(connection.sent.get(0).payload()).containsExactly(0, 0, 0x05, 0xDC); // 1500 bytes
        assertThat(connection.sent.get(1).payload()).containsExactly(0, 7, 1, 2, 3, 4); // PingResponse
    }
}
