package io.zonecam.node.live;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.zonecam.contracts.token.TokenKind;
import io.zonecam.node.support.Ffmpeg;
import io.zonecam.node.support.NodeTestEnvironment;
import io.zonecam.node.support.NodeUnderTest;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A real ffmpeg camera publishes to the node and an independent WebRTC stack (werift, the webrtc module's test peer)
 * watches it through the node's WHEP endpoint with a live token.
 */
@QuarkusTest
@QuarkusTestResource(NodeTestEnvironment.class)
class LiveViewTest {

    /** The werift viewer script the webrtc module installs for its own tests (npm ci in that module's build). */
    static final Path WERIFT = Path.of("../webrtc/src/test/node/werift-viewer.mjs");

    @Inject
    NodeUnderTest node;

    @Test
    void shouldPlayALiveCameraToAWeriftViewerThroughWhep() throws Exception {
        assertThat(WERIFT)
                .as("the webrtc module's test peers (build stream-node/webrtc first)")
                .exists();
        String camera = UUID.randomUUID().toString();
        Path log = Files.createTempFile("ffmpeg", ".log");
        Process cam = Ffmpeg.publish(node.rtspUrl(camera), 14, false, log);
        try {
            node.awaitPublishing(camera, Duration.ofSeconds(15), "the camera publishes");
            String token = NodeTestEnvironment.token(TokenKind.LIVE, camera, null, null, null, 120);
            String url = "http://127.0.0.1:" + RestAssured.port + "/whep/cameras/" + camera + "?token="
                    + URLEncoder.encode(token, StandardCharsets.US_ASCII);
            Process viewer = new ProcessBuilder("node", WERIFT.toString(), url, "5000")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(viewer.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(viewer.waitFor(30, TimeUnit.SECONDS)).isTrue();
            JsonNode summary = null;
            for (String line : out.lines().toList()) {
                if (line.contains("\"type\":\"summary\"")) {
                    summary = new ObjectMapper().readTree(line);
                }
            }
            assertThat(summary).as(out).isNotNull();
            // 5 s of a 25 fps camera, joined on the cached keyframe: about 125 frames.
            assertThat(summary.path("frames").asInt()).as(out).isGreaterThan(100);
            assertThat(summary.path("keyframes").asInt()).isGreaterThanOrEqualTo(1);
            assertThat(summary.path("seqGaps").asInt()).isZero();
        } finally {
            cam.destroy();
            Ffmpeg.await(cam, 10);
        }
    }

    @Test
    void shouldRefuseOffersWithoutAValidLiveTokenOrForCamerasNotHere() {
        String camera = UUID.randomUUID().toString();
        offer(camera, null, "application/sdp", "v=0\r\n").statusCode(401).contentType("application/problem+json");
        String recorded = NodeTestEnvironment.token(
                TokenKind.RECORDED, camera, null, java.time.Instant.now().minusSeconds(9), java.time.Instant.now(), 60);
        offer(camera, recorded, "application/sdp", "v=0\r\n").statusCode(401);
        String live = NodeTestEnvironment.token(TokenKind.LIVE, camera, null, null, null, 60);
        offer(camera, live, "text/plain", "x").statusCode(415);
        offer(camera, live, "application/sdp", "garbage")
                .statusCode(org.hamcrest.Matchers.anyOf(org.hamcrest.Matchers.is(400), org.hamcrest.Matchers.is(404)));
        given().delete("/whep/sessions/nonexistent").then().statusCode(404);
    }

    /** POSTs a WHEP offer for the camera, with a bearer token (or none), and returns the answer to check. */
    private static ValidatableResponse offer(String camera, String token, String contentType, String body) {
        RequestSpecification request = token == null ? given() : given().header("Authorization", "Bearer " + token);
        return request.contentType(contentType)
                .body(body.getBytes(StandardCharsets.UTF_8))
                .post("/whep/cameras/" + camera)
                .then();
    }
}
