package io.zonecam.node.live;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.zonecam.contracts.token.TokenKind;
import io.zonecam.node.fleet.FleetAgent;
import io.zonecam.node.hub.CameraHub;
import io.zonecam.node.ingest.IngestServers;
import io.zonecam.node.support.Await;
import io.zonecam.node.support.Ffmpeg;
import io.zonecam.node.support.NodeTestEnvironment;
import io.zonecam.sdk.model.NodeLoad;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A camera that sends B-frames (ffmpeg's libx264 High with {@code -bf 2}, as OBS and some IP cameras do) through the
 * real ingest, over RTMP (composition times in FLV) and RTSP (presentation times only): the node flags it and
 * answers WHEP offers with a problem that says why, instead of serving a picture that freezes in browsers. The same
 * camera without B-frames is not flagged. (stream-node/webrtc/SFU.md, "B-frames"; Chromium in BFrameLiveViewIT.)
 */
@QuarkusTest
@QuarkusTestResource(NodeTestEnvironment.class)
class LiveBFramesTest {

    @Inject
    IngestServers ingest;

    @Inject
    CameraHub hub;

    @Inject
    LiveService live;

    @Inject
    FleetAgent fleet;

    @Test
    void rtmpCameraWithBFramesIsFlaggedAndOffersGetTheReason() throws Exception {
        int rtmpPort = ingest.servers().get(1).localAddress().getPort();
        check("rtmp://127.0.0.1:" + rtmpPort + "/live/", true);
    }

    @Test
    void rtspCameraWithBFramesIsFlaggedAndOffersGetTheReason() throws Exception {
        int rtspPort = ingest.servers().get(0).localAddress().getPort();
        check("rtsp://127.0.0.1:" + rtspPort + "/live/", true);
    }

    @Test
    void cameraWithoutBFramesIsNotFlagged() throws Exception {
        int rtmpPort = ingest.servers().get(1).localAddress().getPort();
        check("rtmp://127.0.0.1:" + rtmpPort + "/live/", false);
    }

    private void check(String base, boolean bFrames) throws Exception {
        String camera = UUID.randomUUID().toString();
        Path log = Files.createTempFile("ffmpeg", ".log");
        long framesBefore = live.framesIn();
        Process cam = publish(base + camera + "?token=" + NodeTestEnvironment.deviceToken(camera), bFrames, log);
        try {
            Await.until(
                    Duration.ofSeconds(15),
                    "the camera publishes: " + Ffmpeg.log(log),
                    () -> hub.cameraIds().contains(camera));
            String token = NodeTestEnvironment.token(TokenKind.LIVE, camera, null, null, null, 60);
            if (bFrames) {
                Await.until(Duration.ofSeconds(10), "the camera is flagged", () -> live.cameraHasBFrames(camera));
                assertThat(live.camerasWithBFrames()).contains(camera);
                // The heartbeat names it, so the control plane shows the camera's liveView as unsupported.
                assertThat(fleet.sampleLoad().getCamerasWithBFrames()).contains(UUID.fromString(camera));
                given().header("Authorization", "Bearer " + token)
                        .contentType("application/sdp")
                        .body("v=0\r\n".getBytes(StandardCharsets.UTF_8))
                        .post("/whep/cameras/" + camera)
                        .then()
                        .statusCode(409)
                        .contentType("application/problem+json")
                        .body("type", endsWith("/whep-camera-has-b-frames"))
                        .body("detail", containsString("without B-frames"))
                        .body("detail", containsString("Recordings are not affected"));
            } else {
                // Two seconds of pictures would hold dozens of B-frames if there were any (two of every three).
                Await.until(
                        Duration.ofSeconds(10), "two seconds of pictures", () -> live.framesIn() - framesBefore >= 50);
                assertThat(live.cameraHasBFrames(camera)).isFalse();
                assertThat(live.camerasWithBFrames()).doesNotContain(camera);
                NodeLoad heartbeat = fleet.sampleLoad();
                assertThat(heartbeat.getOnlineCameras()).contains(UUID.fromString(camera));
                assertThat(heartbeat.getCamerasWithBFrames()).doesNotContain(UUID.fromString(camera));
            }
        } finally {
            cam.destroy();
            Ffmpeg.await(cam, 10);
        }
    }

    /** ffmpeg's libx264 as a camera would be set: High with two B-frames, or the same without any. */
    private static Process publish(String url, boolean bFrames, Path log) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                "ffmpeg",
                "-hide_banner",
                "-loglevel",
                "warning",
                "-re",
                "-f",
                "lavfi",
                "-i",
                "testsrc=size=320x240:rate=25",
                "-t",
                "8",
                "-c:v",
                "libx264",
                "-preset",
                "veryfast",
                "-profile:v",
                "high",
                "-bf",
                bFrames ? "2" : "0",
                "-g",
                "25",
                "-pix_fmt",
                "yuv420p"));
        if (url.startsWith("rtsp")) {
            cmd.addAll(List.of("-f", "rtsp", "-rtsp_transport", "tcp", url));
        } else {
            cmd.addAll(List.of("-f", "flv", url));
        }
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }
}
