package io.zonecam.sim.camera;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.sim.clip.Clip;
import io.zonecam.sim.publish.ConnectionConfig;
import io.zonecam.sim.publish.PublishTarget;
import io.zonecam.sim.testing.LeakCheck;
import io.zonecam.sim.testing.TestClips;
import io.zonecam.testing.Await;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A node that accepts the RTSP session and then stops reading must not make the simulator queue media without
 * bound: once the write buffer is above its high water mark, frames are dropped and counted.
 */
@ExtendWith(LeakCheck.class)
class SlowNodeTest {

    @Test
    void stuckNodeCostsBoundedMemoryAndFramesAreDroppedAndCounted() throws Exception {
        Clip clip = TestClips.load(TestClips.MAIN);
        int high = 64 << 10;
        SimConfig config = SimConfig.defaults()
                .withConnection(ConnectionConfig.defaults().withWriteBuffer(32 << 10, high, 16 << 10));
        CountDownLatch recording = new CountDownLatch(1);
        CountDownLatch testDone = new CountDownLatch(1);
        try (ServerSocket server = new ServerSocket()) {
            server.setReceiveBufferSize(4096); // applies to accepted sockets: the node's window stays small
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread node = new Thread(() -> stuckNode(server, recording, testDone), "stuck-node");
            node.setDaemon(true);
            node.start();
            try (CameraFleet fleet = new CameraFleet(clip, config)) {
                SimulatedCamera c = fleet.camera("slow-1", TargetSource.fixed());
                c.start(PublishTarget.of("rtsp://127.0.0.1:" + server.getLocalPort() + "/live/slow-1?token=x"));
                assertThat(recording.await(10, TimeUnit.SECONDS)).isTrue();
                Await.until(
                        "frames dropped",
                        Duration.ofSeconds(15),
                        () -> c.stats().framesDropped() >= 25);
                c.stop().get(10, TimeUnit.SECONDS);
                CameraStats s = c.stats();
                int biggestFrame = clip.video().stream()
                        .mapToInt(Clip.VideoFrame::size)
                        .max()
                        .orElseThrow();
                // Queued in the process: at most the high water mark plus the frame that crossed it; the rest of
                // what was written sits in the two kernel socket buffers.
                assertThat(s.bytesSent()).isLessThan(high + biggestFrame + (1 << 20));
                assertThat(s.framesSent() + s.framesDropped() + s.framesUnsent())
                        .isEqualTo(s.framesGenerated());
                assertThat(s.framesUnsent()).isZero(); // every frame lost to the stuck node is counted as dropped
                assertThat(s.reconnects()).isZero(); // a slow node is not a dead node
            }
        } finally {
            testDone.countDown();
        }
    }

    /** Answers ANNOUNCE, SETUPs and RECORD with 200, then reads nothing more until the test is done. */
    private static void stuckNode(ServerSocket server, CountDownLatch recording, CountDownLatch testDone) {
        try (Socket s = server.accept()) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            while (true) {
                String line = in.readLine();
                if (line == null) {
                    return;
                }
                String method = line.split(" ")[0];
                String cseq = "0";
                String transport = "";
                int length = 0;
                for (String h = in.readLine(); h != null && !h.isEmpty(); h = in.readLine()) {
                    String lower = h.toLowerCase();
                    if (lower.startsWith("cseq:")) {
                        cseq = h.substring(5).trim();
                    } else if (lower.startsWith("content-length:")) {
                        length = Integer.parseInt(h.substring(15).trim());
                    } else if (lower.startsWith("transport:")) {
                        transport = "Transport: " + h.substring(10).trim() + "\r\n";
                    }
                }
                in.skip(length);
                out.write(("RTSP/1.0 200 OK\r\nCSeq: " + cseq + "\r\nSession: 1;timeout=60\r\n" + transport + "\r\n")
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (method.equals("RECORD")) {
                    recording.countDown();
                    // Stuck, which is the behaviour under test: the connection stays open and nothing more is read.
                    testDone.await();
                    return;
                }
            }
        } catch (Exception e) {
            // the test closed the socket
        }
    }
}
