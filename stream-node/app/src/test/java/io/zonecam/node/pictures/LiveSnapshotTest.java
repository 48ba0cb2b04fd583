package io.zonecam.node.pictures;

import static io.zonecam.node.pictures.RecordedPicturesTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.zonecam.contracts.token.TokenKind;
import io.zonecam.node.hub.CameraHub;
import io.zonecam.node.ingest.IngestServers;
import io.zonecam.node.support.Await;
import io.zonecam.node.support.Ffmpeg;
import io.zonecam.node.support.Http;
import io.zonecam.node.support.NodeTestEnvironment;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A live snapshot of a real ffmpeg camera publishing into the node is a decodable picture of the camera's size (or
 * the size asked) taken within the last group of pictures; a camera that is not streaming has no live picture.
 */
@QuarkusTest
@QuarkusTestResource(NodeTestEnvironment.class)
class LiveSnapshotTest {

    @Inject
    IngestServers ingest;

    @Inject
    CameraHub hub;

    @Inject
    MeterRegistry registry;

    @Test
    void shouldServeTheNewestPictureOfAStreamingCamera() throws Exception {
        String camera = UUID.randomUUID().toString();
        String live = NodeTestEnvironment.token(TokenKind.LIVE, camera, NodeTestEnvironment.ZONE, null, null, 300);
        String path = "/snapshots/cameras/" + camera + "?token=" + live;
        assertProblem(Http.get(path, null), 404, "no-picture");

        int rtmpPort = ingest.servers().get(1).localAddress().getPort();
        Path log = Files.createTempFile("ffmpeg", ".log");
        Process ffmpeg = Ffmpeg.publish(
                "rtmp://127.0.0.1:" + rtmpPort + "/live/" + camera + "?token="
                        + NodeTestEnvironment.deviceToken(camera),
                20,
                false,
                log);
        try {
            Await.until(Duration.ofSeconds(20), "a live picture", () -> status(path) == 200);

            HttpResponse<byte[]> keyframe = Http.get(path, null);
            assertThat(keyframe.statusCode()).isEqualTo(200);
            assertThat(keyframe.headers().firstValue("Content-Type")).hasValue("image/jpeg");
            assertThat(keyframe.headers().firstValue("Cache-Control").orElse(""))
                    .contains("private");
            BufferedImage full = Images.jpeg(keyframe.body());
            assertThat(full.getWidth()).isEqualTo(320);
            assertThat(full.getHeight()).isEqualTo(240);
            // A keyframe every second: the keyframe is at most a GOP (plus the anchor's jitter) old.
            assertThat(capturedAt(keyframe)).isAfter(Instant.now().minusMillis(2500));

            HttpResponse<byte[]> newest = Http.get(path + "&exact=true&size=160", null);
            assertThat(newest.statusCode()).isEqualTo(200);
            BufferedImage small = Images.jpeg(newest.body());
            assertThat(small.getWidth()).isEqualTo(160);
            assertThat(small.getHeight()).isEqualTo(120);
            // The newest frame: within a few frames of now, and not before the keyframe it was decoded from.
            assertThat(capturedAt(newest)).isAfter(Instant.now().minusMillis(1000));
            assertThat(capturedAt(newest)).isAfterOrEqualTo(capturedAt(keyframe));
            assertThat(registry.find("zonecam.snapshots.decode")
                            .tag("source", "live")
                            .timer()
                            .count())
                    .isGreaterThanOrEqualTo(2);

            // The grid's thumbnail is there within one thumbnail interval (2 s in tests) plus a GOP.
            String latest = "/thumbnails/cameras/" + camera + "/latest.jpg?token=" + live;
            Await.until(Duration.ofSeconds(10), "a thumbnail", () -> status(latest) == 200);
            assertThat(Images.jpeg(Http.get(latest, null).body()).getWidth()).isEqualTo(160);

            // Another camera's live token opens nothing here.
            String other = NodeTestEnvironment.token(
                    TokenKind.LIVE, "another-camera", NodeTestEnvironment.ZONE, null, null, 300);
            assertProblem(Http.get("/snapshots/cameras/" + camera + "?token=" + other, null), 404, "not-found");
        } finally {
            ffmpeg.destroy();
            Ffmpeg.await(ffmpeg, 10);
        }
        Await.until(
                Duration.ofSeconds(20),
                "the session ended",
                () -> !hub.cameraIds().contains(camera));
        assertProblem(Http.get(path, null), 404, "no-picture");
    }

    private static int status(String path) {
        try {
            return Http.get(path, null).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static Instant capturedAt(HttpResponse<byte[]> r) {
        return Instant.parse(
                r.headers().firstValue(PictureResponses.CAPTURED_AT).orElseThrow());
    }
}
