package io.zonecam.ingest.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.zonecam.ingest.EndReason;
import io.zonecam.ingest.IngestCounters;
import io.zonecam.ingest.rtmp.Amf0;
import io.zonecam.ingest.rtmp.RtmpException;
import io.zonecam.ingest.rtmp.RtmpMessage;
import io.zonecam.ingest.rtmp.RtmpServerConfig;
import io.zonecam.ingest.rtmp.RtmpSession;
import io.zonecam.ingest.testing.RecordingRtmpConnection;
import io.zonecam.ingest.testing.TestGates;
import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fuzzes the RTMP publish state machine ({@link RtmpSession}) at the level of reassembled messages: the fuzzer writes
 * a conversation of NetConnection/NetStream commands built from their grammar (connect, createStream, publish with
 * good and bad names and tokens, deleteStream, play, unknown ones, broken AMF0), metadata, FLV audio and video (valid
 * AVC/AAC sequence headers and frames, or anything), protocol control messages, decoder faults, timeouts, listener
 * failures and sink refusals.
 *
 * <p>What must hold, whatever the input: nothing but the documented {@link RtmpException} path closes the session;
 * nothing is written after the connection was closed; every command the server writes is valid AMF0; the sink contract
 * ({@link ContractSink}) holds; a listener failure ends the session; and once closed every started publish has ended
 * exactly once.
 */
class RtmpSessionFuzzTest {

    private static final String CAMERA = "cam-1";
    private static final String[] NAMES = {
        CAMERA + "?token=good-" + CAMERA, CAMERA, CAMERA + "?token=bad", "cam-2?token=good-" + CAMERA, "", "a/b/c?x=y"
    };
    private static final String[] COMMANDS = {
        "connect",
        "createStream",
        "publish",
        "releaseStream",
        "FCPublish",
        "FCUnpublish",
        "deleteStream",
        "closeStream",
        "play",
        "_checkbw",
        "getStreamLength",
        "x"
    };
    private static final byte[] SPS = HexFormat.of().parseHex("674d400deca0a0fd80880000030008000003019078a14cb0");
    private static final byte[] PPS = HexFormat.of().parseHex("68ce0fc8");

    @FuzzTest(maxDuration = "30s")
    void sessionKeepsItsContracts(FuzzedDataProvider data) {
        new Conversation(data).run();
    }

    private static final class Conversation {
        private final FuzzedDataProvider data;
        private final RecordingRtmpConnection<ContractSink> connection =
                new RecordingRtmpConnection<>(new ContractSink(), CAMERA);
        private final RtmpSession session;
        private double txn = 1;

        Conversation(FuzzedDataProvider data) {
            this.data = data;
            session = new RtmpSession(
                    RtmpServerConfig.builder().build(), TestGates.rtmp(new IngestCounters()), connection);
        }

        void run() {
            for (int step = 0; step < 64 && data.remainingBytes() > 0; step++) {
                step();
                if (connection.sink.listenerFailed() && connection.sink.started != connection.sink.ended) {
                    throw new AssertionError("a listener failure did not end the session");
                }
            }
            session.close(EndReason.SERVER_CLOSED, "fuzz: the connection went away");
            if (connection.closed == null) {
                throw new AssertionError("close() did not close the connection");
            }
            connection.sink.checkClosed();
        }

        private void step() {
            int streamId = data.consumeInt(0, 3) == 0 ? data.consumeInt(0, 6) : 1;
            connection.bytesReceived += data.consumeInt(0, 3_000_000);
            switch (data.consumeInt(0, 13)) {
                case 0 -> session.handshakeDone();
                case 1, 2, 3 -> receive(RtmpMessage.COMMAND_AMF0, streamId, command());
                case 4 -> receive(RtmpMessage.COMMAND_AMF3, streamId, concat(new byte[] {0}, command()));
                case 5 -> receive(RtmpMessage.DATA_AMF0, streamId, metadata());
                case 6, 7 -> receive(RtmpMessage.VIDEO, streamId, video());
                case 8 -> receive(RtmpMessage.AUDIO, streamId, audio());
                case 9 -> receive(data.consumeInt(0, 30), streamId, data.consumeBytes(data.consumeInt(0, 64)));
                case 10 -> {
                    switch (data.consumeInt(0, 3)) {
                        case 0 -> session.fault(RtmpException.malformed("fuzz: decoder fault"));
                        case 1 -> session.handshakeTimedOut();
                        case 2 -> session.idle();
                        default -> session.close(EndReason.SERVER_CLOSED, "fuzz: server closes");
                    }
                }
                case 11 -> connection.sink.failNextCall = true;
                case 12 -> connection.sink.refuseNextSession = true;
                default -> receive(RtmpMessage.USER_CONTROL, 0, data.consumeBytes(8));
            }
        }

        private void receive(int type, int streamId, byte[] payload) {
            if ("now".equals(connection.closed)) {
                return; // the socket is gone
            }
            session.receive(new RtmpMessage(3, type, streamId, data.consumeLong(0, 0xFFFFFFFFL), payload));
        }

        /** A command: a known or fuzzed name, a transaction id, and arguments from the grammar or raw bytes. */
        private byte[] command() {
            if (data.consumeInt(0, 7) == 0) {
                return data.consumeBytes(data.consumeInt(0, 100)); // broken AMF0
            }
            String name = data.consumeBoolean() ? data.pickValue(COMMANDS) : data.consumeAsciiString(16);
            Object txnValue = data.consumeInt(0, 7) == 0 ? data.consumeAsciiString(4) : (Object) txn++;
            return switch (name) {
                case "connect" -> {
                    Map<String, Object> cmd = new LinkedHashMap<>();
                    String app = data.pickValue(new String[] {"live", "live/", "live?token=good-" + CAMERA, "other"});
                    cmd.put("app", data.consumeInt(0, 5) == 0 ? data.consumeAsciiString(20) : app);
                    cmd.put("type", "nonprivate");
                    cmd.put("tcUrl", "rtmp://127.0.0.1:1935/" + app);
                    if (data.consumeBoolean()) {
                        cmd.put(data.consumeAsciiString(8), data.consumeBoolean() ? data.consumeDouble() : null);
                    }
                    yield Amf0.encode(name, txnValue, data.consumeInt(0, 7) == 0 ? null : cmd);
                }
                case "publish", "releaseStream", "FCPublish" -> {
                    String stream = data.consumeBoolean() ? data.pickValue(NAMES) : data.consumeAsciiString(40);
                    yield Amf0.encode(name, txnValue, null, stream, "live");
                }
                default -> Amf0.encode(name, txnValue, null, data.consumeDouble());
            };
        }

        private byte[] metadata() {
            if (data.consumeInt(0, 5) == 0) {
                return data.consumeBytes(data.consumeInt(0, 64));
            }
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("videocodecid", data.pickValue(new Object[] {7.0, 12.0, 0.0, "avc1", 2.0}));
            meta.put("audiocodecid", data.pickValue(new Object[] {10.0, 0.0, 2.0, "mp4a"}));
            meta.put("width", data.consumeDouble());
            return Amf0.encode("@setDataFrame", "onMetaData", meta);
        }

        private byte[] video() {
            return switch (data.consumeInt(0, 4)) {
                case 0 -> avcSequenceHeader();
                case 1 -> concat(new byte[] {0x17, 1, 0, 0, 0}, len32(new byte[] {0x65, (byte) 0x88, (byte) 0x84}));
                case 2 -> concat(new byte[] {0x27, 1, 0, 0, 0x28}, len32(data.consumeBytes(data.consumeInt(0, 40))));
                case 3 -> mutate(avcSequenceHeader());
                default -> data.consumeBytes(data.consumeInt(0, 80));
            };
        }

        private byte[] audio() {
            return switch (data.consumeInt(0, 3)) {
                case 0 -> new byte[] {(byte) 0xAF, 0x00, 0x12, 0x10};
                case 1 -> concat(new byte[] {(byte) 0xAF, 0x01}, data.consumeBytes(data.consumeInt(1, 40)));
                default -> data.consumeBytes(data.consumeInt(0, 40));
            };
        }

        private byte[] mutate(byte[] b) {
            if (b.length > 0) {
                b[data.consumeInt(0, b.length - 1)] = data.consumeByte();
            }
            return b;
        }

        private static byte[] avcSequenceHeader() {
            return concat(
                    new byte[] {0x17, 0, 0, 0, 0, 1, 0x4D, 0x40, 0x0D, (byte) 0xFF, (byte) 0xE1},
                    len16(SPS),
                    new byte[] {1},
                    len16(PPS));
        }

        private static byte[] len16(byte[] b) {
            return concat(new byte[] {(byte) (b.length >>> 8), (byte) b.length}, b);
        }

        private static byte[] len32(byte[] b) {
            return concat(new byte[] {0, 0, (byte) (b.length >>> 8), (byte) b.length}, b);
        }

        private static byte[] concat(byte[]... parts) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (byte[] p : parts) {
                out.writeBytes(p);
            }
            return out.toByteArray();
        }
    }
}
