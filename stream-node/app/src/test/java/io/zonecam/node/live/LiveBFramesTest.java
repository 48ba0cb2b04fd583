package io.zonecam.node.live;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.zonecam.contracts.token.TokenKind;
import io.zonecam.node.fleet.FleetAgent;
import io.zonecam.node.support.Await;
import io.zonecam.node.support.Ffmpeg;
import io.zonecam.node.support.NodeTestEnvironment;
import io.zonecam.node.support.NodeUnderTest;
import io.zonecam.sdk.model.NodeLoad;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
    NodeUnderTest node;

    @Inject
    LiveService live;

    @Inject
    FleetAgent fleet;

    @Test
    void rtmpCameraWithBFramesIsFlaggedAndOffersGetTheReason() throws Exception {
        check(true, true);
    }

    @Test
    void rtspCameraWithBFramesIsFlaggedAndOffersGetTheReason() throws Exception {
        check(false, true);
    }

    @Test
    void cameraWithoutBFramesIsNotFlagged() throws Exception {
        check(true, false);
    }

    private void check(boolean rtmp, boolean bFrames) throws Exception {
        String camera = UUID.randomUUID().toString();
        Path log = Files.createTempFile("ffmpeg", ".log");
        long framesBefore = live.framesIn();
        // ffmpeg's libx264 as a camera would be set: High with two B-frames, or the same without any.
        Process cam = Ffmpeg.publishHighProfile(rtmp ? node.rtmpUrl(camera) : node.rtspUrl(camera), 8, bFrames, log);
        try {
            node.awaitPublishing(camera, Duration.ofSeconds(15), "the camera publishes: " + Ffmpeg.log(log));
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
}
