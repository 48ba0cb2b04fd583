package io.zonecam.node.pictures;

import static io.zonecam.node.pictures.RecordedPicturesTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.zonecam.contracts.recording.RetentionClass;
import io.zonecam.contracts.token.TokenKind;
import io.zonecam.node.hub.CameraHub;
import io.zonecam.node.ingest.IngestServers;
import io.zonecam.node.support.Await;
import io.zonecam.node.support.Ffmpeg;
import io.zonecam.node.support.Http;
import io.zonecam.node.support.NodeTestEnvironment;
import io.zonecam.recording.store.ObjectInfo;
import io.zonecam.recording.store.ObjectStore;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A live snapshot of a real ffmpeg camera publishing into the node is a decodable picture of the camera's size (or
 * the size asked) taken within the last group of pictures; a camera that is not streaming has no live picture. The
 * timeline's thumbnails of the hour still being recorded come from the node's open pack before it is stored.
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

    @Inject
    ObjectStore store;

    @Test
    void shouldServeTheNewestPictureOfAStreamingCamera() throws Exception {
        String camera = UUID.randomUUID().toString();
        String live = NodeTestEnvironment.token(TokenKind.LIVE, camera, NodeTestEnvironment.ZONE, null, null, 300);
        String path = "/snapshots/cameras/" + camera + "?token=" + live;
        assertProblem(Http.get(path, null), 404, "no-picture");

        Process ffmpeg = publish(camera, 20);
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

    @Test
    void shouldServeTheTimelineThumbnailsOfTheOpenHourBeforeItsPackIsStored() throws Exception {
        String camera = UUID.randomUUID().toString();
        Instant started = Instant.now();
        String recorded = recordedToken(camera, started.minusSeconds(60), started.plusSeconds(600));
        Process ffmpeg = publish(camera, 30);
        try {
            // The timeline hovering a few seconds ago over a camera recording now.
            Await.until(
                    Duration.ofSeconds(20),
                    "a timeline thumbnail of the open hour",
                    () -> status(thumbnailAt(camera, Instant.now().minusSeconds(3), recorded)) == 200);
            Instant at = Instant.now().minusSeconds(3);
            HttpResponse<byte[]> r = Http.get(thumbnailAt(camera, at, recorded), null);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("image/jpeg");
            assertThat(r.headers().firstValue("Cache-Control")).hasValue("private, max-age=5");
            assertThat(Images.jpeg(r.body()).getWidth()).isEqualTo(160);
            Instant captured = capturedAt(r);
            assertThat(captured).isBeforeOrEqualTo(at).isAfter(started.minusSeconds(5));
            // Nothing was stored: the picture came from the open pack (unless the hour ended meanwhile).
            long hourMillis =
                    Math.floorDiv(started.toEpochMilli(), ThumbnailKeys.HOUR_MILLIS) * ThumbnailKeys.HOUR_MILLIS;
            if (Instant.now().toEpochMilli() < hourMillis + ThumbnailKeys.HOUR_MILLIS) {
                assertThat(storedPacks(camera, hourMillis)).isEmpty();
            }

            // The stored packs' rules hold: an instant outside the token's range is refused, a range starting
            // after the picture at or before the instant has none, and nothing was taken before the session.
            String early = recordedToken(camera, started.minusSeconds(600), started.minusSeconds(300));
            assertProblem(Http.get(thumbnailAt(camera, at, early), null), 401, "unauthorized");
            // (Token ranges are whole seconds.)
            Instant justAfter = captured.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
            String later = recordedToken(camera, justAfter, justAfter.plusSeconds(600));
            assertProblem(Http.get(thumbnailAt(camera, justAfter, later), null), 404, "no-picture");
            assertProblem(Http.get(thumbnailAt(camera, started.minusSeconds(30), recorded), null), 404, "no-picture");
        } finally {
            ffmpeg.destroy();
            Ffmpeg.await(ffmpeg, 10);
        }
    }

    private Process publish(String camera, int seconds) throws IOException {
        int rtmpPort = ingest.servers().get(1).localAddress().getPort();
        Path log = Files.createTempFile("ffmpeg", ".log");
        return Ffmpeg.publish(
                "rtmp://127.0.0.1:" + rtmpPort + "/live/" + camera + "?token="
                        + NodeTestEnvironment.deviceToken(camera),
                seconds,
                false,
                log);
    }

    private List<String> storedPacks(String camera, long hourMillis) throws IOException {
        List<String> keys = new ArrayList<>();
        for (RetentionClass c : RetentionClass.values()) {
            store.list(ThumbnailKeys.hourPrefix("", c, camera, hourMillis), null, 1000).objects().stream()
                    .map(ObjectInfo::key)
                    .filter(ThumbnailKeys::isPack)
                    .forEach(keys::add);
        }
        return keys;
    }

    private static String recordedToken(String camera, Instant from, Instant to) {
        return NodeTestEnvironment.token(TokenKind.RECORDED, camera, NodeTestEnvironment.ZONE, from, to, 300);
    }

    private static String thumbnailAt(String camera, Instant at, String token) {
        return "/thumbnails/cameras/" + camera + "?at=" + URLEncoder.encode(at.toString(), StandardCharsets.US_ASCII)
                + "&token=" + token;
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
