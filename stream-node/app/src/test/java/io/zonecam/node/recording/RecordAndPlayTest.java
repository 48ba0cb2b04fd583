package io.zonecam.node.recording;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.zonecam.contracts.token.TokenKind;
import io.zonecam.node.support.Ffmpeg;
import io.zonecam.node.support.Ffprobe;
import io.zonecam.node.support.NodeTestEnvironment;
import io.zonecam.node.support.NodeUnderTest;
import io.zonecam.node.support.RecordedCamera;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A real ffmpeg camera is recorded by the node and played back over HLS by a real ffmpeg player, every frame. */
@QuarkusTest
@QuarkusTestResource(NodeTestEnvironment.class)
class RecordAndPlayTest {

    @Inject
    NodeUnderTest node;

    @Test
    void shouldRecordARtmpCameraAndPlayEveryFrameBackOverHls() throws Exception {
        // 10 s at 25 fps with 4 s objects: three objects, so playback crosses object boundaries.
        RecordedCamera recorded =
                node.record(UUID.randomUUID().toString(), (url, log) -> Ffmpeg.publish(url, 10, true, log));
        String camera = recorded.id();
        Instant start = recorded.from();
        Instant end = recorded.to();

        String token = NodeTestEnvironment.token(TokenKind.RECORDED, camera, null, start, end, 600);
        String query =
                "?from=" + start + "&to=" + end + "&token=" + URLEncoder.encode(token, StandardCharsets.US_ASCII);
        String base = "http://127.0.0.1:" + RestAssured.port;
        String playlist = given().get("/hls/cameras/" + camera + "/index.m3u8" + query)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(playlist)
                .contains("#EXT-X-MAP:", "#EXT-X-BYTERANGE:", "#EXT-X-PROGRAM-DATE-TIME:", "#EXT-X-ENDLIST");
        assertThat(count(playlist, "#EXT-X-MAP:")).as("objects in the playlist").isGreaterThanOrEqualTo(3);

        assertThat(Ffprobe.videoFrames(base + "/hls/cameras/" + camera + "/index.m3u8" + query))
                .isEqualTo(250);

        given().get("/recordings/cameras/" + camera + "/timeline" + query)
                .then()
                .statusCode(200)
                .body("segments.size()", org.hamcrest.Matchers.equalTo(1));
        Path clip = Files.createTempFile("clip", ".mp4");
        Files.write(
                clip,
                given().get("/clips/cameras/" + camera + ".mp4" + query)
                        .then()
                        .statusCode(200)
                        .contentType("video/mp4")
                        .extract()
                        .asByteArray());
        assertThat(Ffprobe.videoFrames(clip.toString())).isEqualTo(250);
    }

    @Test
    void shouldRefuseTokensForOtherCamerasRangesAndKinds() {
        String camera = UUID.randomUUID().toString();
        Instant now = Instant.now();
        String other = NodeTestEnvironment.token(
                TokenKind.RECORDED, UUID.randomUUID().toString(), null, now.minusSeconds(60), now, 60);
        given().get("/hls/cameras/" + camera + "/index.m3u8?token=" + other)
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("detail", containsString("another camera"));
        String live = NodeTestEnvironment.token(TokenKind.LIVE, camera, null, null, null, 60);
        given().get("/hls/cameras/" + camera + "/index.m3u8?token=" + live)
                .then()
                .statusCode(401);
        String narrow = NodeTestEnvironment.token(TokenKind.RECORDED, camera, null, now.minusSeconds(60), now, 60);
        given().get("/hls/cameras/" + camera + "/index.m3u8?from=" + now.minusSeconds(3600) + "&token=" + narrow)
                .then()
                .statusCode(401)
                .body("detail", containsString("does not cover"));
        given().get("/hls/cameras/" + camera + "/index.m3u8?token=" + narrow)
                .then()
                .statusCode(404)
                .body("detail", containsString("No recordings"));
        given().get("/hls/cameras/" + camera + "/objects/zones%2Fother%2Fr30%2Fx.mp4?token=" + narrow)
                .then()
                .statusCode(404);
        given().get("/hls/cameras/" + camera + "/index.m3u8").then().statusCode(401);
    }

    static int count(String text, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
