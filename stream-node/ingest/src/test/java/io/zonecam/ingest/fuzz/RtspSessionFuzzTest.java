package io.zonecam.ingest.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.zonecam.ingest.EndReason;
import io.zonecam.ingest.IngestCounters;
import io.zonecam.ingest.rtsp.InterleavedFrame;
import io.zonecam.ingest.rtsp.RtspConnection;
import io.zonecam.ingest.rtsp.RtspDecoder;
import io.zonecam.ingest.rtsp.RtspEncoder;
import io.zonecam.ingest.rtsp.RtspServerConfig;
import io.zonecam.ingest.rtsp.RtspSession;
import io.zonecam.ingest.testing.RecordingRtspConnection;
import io.zonecam.ingest.testing.TestGates;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Fuzzes the RTSP publish state machine ({@link RtspSession}) without a socket: the fuzzer writes a conversation of
 * requests built from RTSP's grammar (methods, URIs, CSeq, Session, Transport, SDP bodies, each possibly broken),
 * raw bytes, interleaved and UDP packets, UDP binds completing or failing, listener failures and time passing. All
 * requests go through the real {@link RtspDecoder} and all answers through the real {@link RtspEncoder}.
 *
 * <p>What must hold, whatever the input: nothing throws; nothing is written after the connection was closed; answers
 * encode, start with a status line and carry no line breaks in header values; at most one UDP bind is in flight; the
 * sink contract ({@link ContractSink}) holds; a listener failure ends the session; and once the session is closed every
 * UDP port pair it was given is closed exactly once and every started publish has ended exactly once.
 */
class RtspSessionFuzzTest {

    private static final String CAMERA = "cam-1";
    private static final String TOKEN = "good-" + CAMERA;
    private static final String BASE = "rtsp://127.0.0.1:8554/live/" + CAMERA;
    private static final String SDP = "v=0\r\n"
            + "o=- 0 0 IN IP4 127.0.0.1\r\n"
            + "s=No Name\r\n"
            + "c=IN IP4 127.0.0.1\r\n"
            + "t=0 0\r\n"
            + "m=video 0 RTP/AVP 96\r\n"
            + "a=rtpmap:96 H264/90000\r\n"
            + "a=fmtp:96 packetization-mode=1; sprop-parameter-sets=Z01ADeygoP2AiAAAAwAIAAADAZB4oUyw,aM4PyA==\r\n"
            + "a=control:streamid=0\r\n"
            + "m=audio 0 RTP/AVP 97\r\n"
            + "a=rtpmap:97 MPEG4-GENERIC/44100/1\r\n"
            + "a=fmtp:97 profile-level-id=1;mode=AAC-hbr;sizelength=13;indexlength=3;indexdeltalength=3; "
            + "config=120856E500\r\n"
            + "a=control:streamid=1\r\n";
    private static final String[] METHODS = {
        "OPTIONS", "ANNOUNCE", "SETUP", "RECORD", "GET_PARAMETER", "SET_PARAMETER", "TEARDOWN", "DESCRIBE", "PLAY", "X"
    };
    private static final String[] TRANSPORTS = {
        "RTP/AVP/TCP;unicast;interleaved=0-1;mode=record",
        "RTP/AVP/TCP;unicast;interleaved=2-3;mode=record",
        "RTP/AVP/TCP;unicast;interleaved=0-1",
        "RTP/AVP;unicast;client_port=5000-5001;mode=record",
        "RTP/AVP/UDP;unicast;client_port=6000-6001",
        "RTP/AVP;multicast;port=5000-5001",
        "RTP/AVP/TCP;unicast;interleaved=254-255",
        "RTP/AVP;unicast",
    };

    private static final Logger LOG = Logger.getLogger(RtspSessionFuzzTest.class);

    @FuzzTest(maxDuration = "30s")
    void sessionKeepsItsContracts(FuzzedDataProvider data) {
        new Conversation(data).run();
    }

    /** One connection: the session under test and everything around it. */
    private static final class Conversation {
        private final FuzzedDataProvider data;
        private final RecordingRtspConnection<ContractSink> connection =
                new RecordingRtspConnection<>(new ContractSink(), CAMERA);
        private final EmbeddedChannel decoder = new EmbeddedChannel(new RtspDecoder(RtspDecoder.Limits.defaults()));
        private final List<Ports> ports = new ArrayList<>();
        private final RtspSession session;
        private long now = 1_000_000_000L;
        private int cseq = 1;

        Conversation(FuzzedDataProvider data) {
            this.data = data;
            RtspServerConfig config = RtspServerConfig.builder()
                    .handshakeTimeout(Duration.ofSeconds(10))
                    .sessionTimeout(Duration.ofSeconds(5))
                    .udpEnabled(data.consumeBoolean())
                    .build();
            session = new RtspSession(config, TestGates.rtsp(new IngestCounters()), connection, () -> now);
        }

        void run() {
            try {
                for (int step = 0; step < 64 && data.remainingBytes() > 0; step++) {
                    step();
                    if (connection.binds.size() > 1) {
                        throw new AssertionError("more than one UDP bind in flight: " + connection.binds.size());
                    }
                    if (connection.sink.listenerFailed() && !session.isClosed()) {
                        throw new AssertionError("a listener failure did not end the session");
                    }
                }
                session.close(EndReason.SERVER_CLOSED, "fuzz: the connection went away");
                while (!connection.binds.isEmpty()) {
                    connection.binds.remove(0).accept(newPorts()); // a bind finishing after the close
                }
                if (!session.isClosed()) {
                    throw new AssertionError("close() left the session open");
                }
                connection.sink.checkClosed();
                for (Ports p : ports) {
                    if (p.closes != 1) {
                        throw new AssertionError("UDP port pair " + p.rtpPort + " closed " + p.closes + " times");
                    }
                }
            } finally {
                decoder.finishAndReleaseAll();
            }
        }

        private void step() {
            switch (data.consumeInt(0, 9)) {
                case 0, 1, 2 -> feed(request().getBytes(StandardCharsets.UTF_8));
                case 3 -> feed(data.consumeBytes(data.consumeInt(0, 300)));
                case 4 -> feed(interleaved(data.consumeInt(0, 4), rtp()));
                case 5 -> {
                    if (!connection.binds.isEmpty()) {
                        connection.binds.remove(0).accept(data.consumeBoolean() ? newPorts() : null);
                    }
                }
                case 6 -> {
                    if (!connection.udpRtp.isEmpty()) {
                        connection
                                .udpRtp
                                .get(data.consumeInt(0, connection.udpRtp.size() - 1))
                                .accept(rtp());
                    }
                }
                case 7 -> {
                    now += data.consumeLong(0, 20_000_000_000L);
                    session.checkTimeouts(now - data.consumeLong(0, 10_000_000_000L));
                }
                case 8 -> connection.sink.failNextCall = true;
                default -> connection.sink.refuseNextSession = true;
            }
        }

        /** A request from the grammar; any part may be missing or odd. */
        private String request() {
            String method = data.consumeBoolean() ? data.pickValue(METHODS) : data.consumeAsciiString(12);
            String uri = switch (data.consumeInt(0, 6)) {
                case 0 -> BASE + "?token=" + TOKEN;
                case 1 -> BASE;
                case 2 -> BASE + "/streamid=" + data.consumeInt(0, 2);
                case 3 -> "rtsp://127.0.0.1:8554/live/cam-2?token=" + TOKEN;
                case 4 -> "*";
                case 5 -> BASE + "/" + data.consumeAsciiString(20);
                default -> data.consumeAsciiString(40);
            };
            StringBuilder r = new StringBuilder(method).append(' ').append(uri).append(" RTSP/1.0\r\n");
            if (data.consumeInt(0, 7) != 0) {
                r.append("CSeq: ").append(cseq++).append("\r\n");
            }
            switch (data.consumeInt(0, 3)) {
                case 0 -> {}
                case 1 -> r.append("Session: ").append(connection.sessionId).append(";timeout=60\r\n");
                case 2 ->
                    r.append("Session: ").append(data.consumeAsciiString(20)).append("\r\n");
                default -> {
                    if (connection.sessionId != null) {
                        r.append("Session: ").append(connection.sessionId).append("\r\n");
                    }
                }
            }
            if (data.consumeBoolean()) {
                String t = data.consumeBoolean() ? data.pickValue(TRANSPORTS) : data.consumeAsciiString(60);
                r.append("Transport: ").append(t).append("\r\n");
            }
            if (data.consumeInt(0, 5) == 0) {
                r.append(data.consumeAsciiString(40))
                        .append(": ")
                        .append(data.consumeAsciiString(40))
                        .append("\r\n");
            }
            String body = switch (data.consumeInt(0, 3)) {
                case 0 -> "";
                case 1 -> SDP;
                case 2 -> mutate(SDP);
                default -> data.consumeAsciiString(200);
            };
            if (!body.isEmpty()) {
                r.append("Content-Type: application/sdp\r\n");
                int length = body.getBytes(StandardCharsets.UTF_8).length;
                r.append("Content-Length: ")
                        .append(data.consumeInt(0, 7) == 0 ? data.consumeInt(-1, 5000) : length)
                        .append("\r\n");
            }
            return r.append("\r\n").append(body).toString();
        }

        /** The SDP with one span replaced by fuzzer text. */
        private String mutate(String s) {
            int from = data.consumeInt(0, s.length());
            int to = data.consumeInt(from, s.length());
            return s.substring(0, from) + data.consumeAsciiString(40) + s.substring(to);
        }

        /** An RTP packet: mostly a valid 12-byte header with a fuzzer payload, sometimes anything. */
        private byte[] rtp() {
            if (data.consumeInt(0, 4) == 0) {
                return data.consumeBytes(data.consumeInt(0, 64));
            }
            byte[] payload = data.consumeBytes(data.consumeInt(0, 200));
            byte[] p = new byte[12 + payload.length];
            p[0] = (byte) 0x80;
            p[1] = (byte) ((data.consumeBoolean() ? 0x80 : 0) | (data.consumeBoolean() ? 96 : 97));
            int seq = data.consumeInt(0, 0xFFFF);
            p[2] = (byte) (seq >>> 8);
            p[3] = (byte) seq;
            int ts = data.consumeInt();
            p[4] = (byte) (ts >>> 24);
            p[5] = (byte) (ts >>> 16);
            p[6] = (byte) (ts >>> 8);
            p[7] = (byte) ts;
            p[8] = 0x12;
            p[11] = 0x34;
            System.arraycopy(payload, 0, p, 12, payload.length);
            return p;
        }

        private static byte[] interleaved(int channel, byte[] packet) {
            byte[] f = new byte[4 + packet.length];
            f[0] = '$';
            f[1] = (byte) channel;
            f[2] = (byte) (packet.length >>> 8);
            f[3] = (byte) packet.length;
            System.arraycopy(packet, 0, f, 4, packet.length);
            return f;
        }

        /** Bytes on the wire: decoded by the real decoder and handed to the session, as the Netty adapter does. */
        private void feed(byte[] bytes) {
            if (connection.closed != null) {
                return; // the socket is gone: nothing more is read
            }
            decoder.writeInbound(Unpooled.wrappedBuffer(bytes));
            Object m;
            while ((m = decoder.readInbound()) != null) {
                if (m instanceof InterleavedFrame f && f.data() == null) {
                    throw new AssertionError("interleaved frame without data");
                }
                session.receive(m);
            }
        }

        private Ports newPorts() {
            Ports p = new Ports(20_000 + 2 * ports.size());
            ports.add(p);
            return p;
        }
    }

    /** A UDP port pair handed to the session; counts its closes. */
    private static final class Ports implements RtspConnection.UdpPorts {
        final int rtpPort;
        int closes;

        Ports(int rtpPort) {
            this.rtpPort = rtpPort;
        }

        @Override
        public int rtpPort() {
            return rtpPort;
        }

        @Override
        public void close() {
            closes++;
        }
    }
}
