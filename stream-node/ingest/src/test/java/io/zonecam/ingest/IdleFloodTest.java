package io.zonecam.ingest;

import static io.zonecam.ingest.testing.RecordingSink.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zonecam.ingest.rtmp.RtmpServer;
import io.zonecam.ingest.rtmp.RtmpServerConfig;
import io.zonecam.ingest.rtsp.RtspServer;
import io.zonecam.ingest.rtsp.RtspServerConfig;
import io.zonecam.ingest.server.ListenerSettings;
import io.zonecam.ingest.testing.Ffmpeg;
import io.zonecam.ingest.testing.FrameChecks;
import io.zonecam.ingest.testing.RawRtspClient;
import io.zonecam.ingest.testing.RecordingSink;
import io.zonecam.ingest.testing.RtpPackets;
import io.zonecam.ingest.testing.TestAuthorizer;
import io.zonecam.media.frame.MediaFrame;
import io.zonecam.testing.NettyLeakCheck;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** 2,000 connections that connect and send nothing are closed by the handshake timeout; a publisher is unaffected. */
@ExtendWith(NettyLeakCheck.class)
class IdleFloodTest {

    static final int IDLE = 2000;

    private static List<SocketChannel> flood(int port) throws IOException {
        List<SocketChannel> sockets = new ArrayList<>(IDLE);
        for (int i = 0; i < IDLE; i++) {
            sockets.add(SocketChannel.open(new InetSocketAddress("127.0.0.1", port)));
        }
        return sockets;
    }

    /** Every idle socket saw the server close it (EOF), and is then closed here. */
    private static void assertAllClosedByServer(List<SocketChannel> sockets) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        int eof = 0;
        for (SocketChannel s : sockets) {
            s.configureBlocking(false);
            one.clear();
            try {
                if (s.read(one) < 0) {
                    eof++;
                }
            } catch (IOException reset) {
                eof++;
            }
            s.close();
        }
        assertThat(eof).isEqualTo(IDLE);
    }

    /** A listener on a free loopback port whose handshake deadline is short enough for the flood to expire. */
    private static <B extends ListenerSettings<B>> B shortHandshake(B builder) {
        return builder.host("127.0.0.1").port(0).handshakeTimeout(Duration.ofSeconds(1));
    }

    @Test
    void rtmpIdleFloodIsClosedWhileFfmpegKeepsPublishing() throws Exception {
        assumeTrue(Ffmpeg.available(), "ffmpeg not installed");
        RecordingSink sink = new RecordingSink();
        RtmpServer server =
                new RtmpServer(shortHandshake(RtmpServerConfig.builder()).build(), new TestAuthorizer(), sink, null);
        int port = server.start().getPort();
        try {
            int frames = 100; // 4 s at 25 fps, longer than the flood lives
            List<String> args = FrameChecks.concat(Ffmpeg.testClip(frames, false));
            args.addAll(Ffmpeg.x264("main", 0, 25));
            args.addAll(List.of(
                    "-f", "flv", "rtmp://127.0.0.1:" + port + "/live/cam-1?token=" + TestAuthorizer.tokenFor("cam-1")));
            CompletableFuture<Ffmpeg.Result> publisher = CompletableFuture.supplyAsync(() -> {
                try {
                    return Ffmpeg.run(args, 30);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await("publisher started", Duration.ofSeconds(10), () -> !sink.sessions.isEmpty());
            List<SocketChannel> sockets = flood(port);
            await(
                    "flood closed",
                    Duration.ofSeconds(10),
                    () -> server.counters().connectionsActive() <= 1);
            assertThat(sink.only().endReason).as("publisher still running").isNull();
            assertAllClosedByServer(sockets);
            Ffmpeg.Result r = publisher.get(30, TimeUnit.SECONDS);
            assertThat(r.exitCode()).as(r.log()).isZero();
            await("end", Duration.ofSeconds(5), () -> sink.only().endReason != null);
            List<MediaFrame> v = sink.only().frames;
            assertThat(v).hasSize(frames);
            FrameChecks.assertDecodeOrder(v);
            assertThat(server.counters().rejected(RejectReason.TIMEOUT)).isEqualTo(IDLE);
        } finally {
            server.stop();
        }
    }

    @Test
    void rtspIdleFloodIsClosedWhileAPublisherKeepsSending() throws Exception {
        RecordingSink sink = new RecordingSink();
        RtspServer server =
                new RtspServer(shortHandshake(RtspServerConfig.builder()).build(), new TestAuthorizer(), sink, null);
        int port = server.start().getPort();
        try (RawRtspClient c = new RawRtspClient(port)) {
            String url = "rtsp://127.0.0.1:" + port + "/live/cam-1?token=" + TestAuthorizer.tokenFor("cam-1");
            c.announce(
                    url,
                    "v=0\r\no=- 0 0 IN IP4 0.0.0.0\r\ns=x\r\nt=0 0\r\nm=video 0 RTP/AVP 96\r\n"
                            + "a=rtpmap:96 H264/90000\r\na=control:v\r\n");
            String session = c.request("SETUP", url + "/v", null, "Transport: RTP/AVP/TCP;interleaved=0-1")
                    .session();
            assertThat(c.request("RECORD", url, null, "Session: " + session).status())
                    .isEqualTo(200);
            List<SocketChannel> sockets = flood(port);
            int sent = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.counters().connectionsActive() > 1 && System.nanoTime() < deadline) {
                byte[] nal = sent == 0 ? new byte[] {0x65, 1, 2} : new byte[] {0x41, 3, 4};
                c.interleaved(0, RtpPackets.packet(96, true, sent, 3600L * sent, 7, nal));
                sent++;
                LockSupport.parkNanos(20_000_000L); // 50 packets per second, as a camera paces them
            }
            assertThat(server.counters().connectionsActive()).isEqualTo(1);
            assertAllClosedByServer(sockets);
            assertThat(c.request("TEARDOWN", url, null, "Session: " + session).status())
                    .isEqualTo(200);
            await("end", Duration.ofSeconds(5), () -> sink.only().endReason != null);
            assertThat(sink.only().frames).hasSize(sent);
            assertThat(server.counters().rejected(RejectReason.TIMEOUT)).isEqualTo(IDLE);
        } finally {
            server.stop();
        }
    }
}
