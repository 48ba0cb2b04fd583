package io.zonecam.node.pictures;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.zonecam.contracts.token.TokenKind;
import io.zonecam.node.support.Await;
import io.zonecam.node.support.Ffmpeg;
import io.zonecam.node.support.Http;
import io.zonecam.node.support.NodeTestEnvironment;
import io.zonecam.node.support.NodeUnderTest;
import io.zonecam.node.support.RecordedCamera;
import io.zonecam.pictures.thumbs.ThumbnailPack;
import io.zonecam.pictures.thumbs.ThumbnailPackIndex;
import io.zonecam.pictures.thumbs.ThumbnailPackReader;
import io.zonecam.recording.index.CameraIndex;
import io.zonecam.recording.index.Timeline;
import io.zonecam.recording.store.ObjectInfo;
import io.zonecam.recording.store.ObjectStore;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Recorded pictures of a real ffmpeg camera (testsrc 320x240, 25 fps, a keyframe each second, no B-frames) pushed
 * over RTMP into the node and recorded: a snapshot at an instant is the frame ffmpeg decodes from the recorded object
 * at that instant (by PSNR, and not its neighbours), thumbnails are packed one pack per camera-hour, and bad input and
 * other cameras' tokens are refused with problem+json.
 */
@QuarkusTest
@QuarkusTestResource(NodeTestEnvironment.class)
class RecordedPicturesTest {

    /** Frame duration at 25 fps, µs. */
    private static final long FRAME = 40_000;
    /**
     * Luma PSNR of a snapshot (JPEG quality 85 of the decoded frame) against ffmpeg's decode of the same frame, at
     * least; testsrc's sharp bars and digits at 320x240 cost the JPEG some (27.4 dB measured in RGB).
     */
    private static final double SAME_FRAME_DB = 26;

    @Inject
    NodeUnderTest node;

    @Inject
    ObjectStore store;

    @Inject
    MeterRegistry registry;

    static RecordedCamera camera;
    static Timeline.RecordedObject object;
    static byte[] frames;
    static int frameCount;
    static String token;

    @BeforeEach
    void recordOnce() throws Exception {
        if (camera != null) {
            return;
        }
        camera = node.record(UUID.randomUUID().toString(), (url, log) -> Ffmpeg.publish(url, 12, false, log));
        List<Timeline.RecordedObject> objects = new CameraIndex(store, "", CameraIndex.Config.defaults())
                .timeline(camera.id(), camera.from(), camera.to())
                .objects();
        assertThat(objects).hasSizeGreaterThan(1);
        object = objects.get(1); // a whole 4 s object from the middle of the session
        Path file = Files.createTempFile("object", ".mp4");
        Files.write(file, store.read(object.key().key(), 0, (int) object.size()));
        frames = Images.ffmpegFrames(file);
        frameCount = frames.length / (320 * 240 * 3);
        assertThat(frameCount).isGreaterThanOrEqualTo(90);
        token = token(camera.from(), camera.to());
    }

    @Test
    void shouldServeTheFrameFfmpegDecodesAtTheInstantWhenExact() throws Exception {
        for (int n : new int[] {7, 30, 62, frameCount - 2}) {
            long at = object.startMicros() + n * FRAME + FRAME / 2; // half-way through frame n
            HttpResponse<byte[]> r = snapshot(at, "&exact=true");
            assertThat(r.statusCode())
                    .as(new String(r.body(), StandardCharsets.UTF_8))
                    .isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("image/jpeg");
            assertThat(r.headers().firstValue("Cache-Control").orElse("")).contains("private");
            BufferedImage img = Images.jpeg(r.body());
            assertThat(img.getWidth()).isEqualTo(320);
            assertThat(img.getHeight()).isEqualTo(240);
            assertThat(Images.psnr(img, frames, n)).as("frame %d", n).isGreaterThan(SAME_FRAME_DB);
            // Nearer to frame n than to any of its three neighbours on either side (testsrc moves every frame).
            assertThat(Images.nearest(img, frames, n, frameCount))
                    .as("frame %d", n)
                    .isEqualTo(n);
            assertCapturedAt(r, object.startMicros() + n * FRAME);
        }
    }

    @Test
    void shouldServeTheKeyframeAtOrBeforeTheInstantByDefault() throws Exception {
        int n = 40; // keyframes at 0, 25, 50, 75 of the object
        HttpResponse<byte[]> r = snapshot(object.startMicros() + n * FRAME + FRAME / 2, "&size=160");
        assertThat(r.statusCode()).isEqualTo(200);
        BufferedImage img = Images.jpeg(r.body());
        assertThat(img.getWidth()).isEqualTo(160);
        assertThat(img.getHeight()).isEqualTo(120);
        assertCapturedAt(r, object.startMicros() + 25 * FRAME);

        HttpResponse<byte[]> full = snapshot(object.startMicros() + n * FRAME + FRAME / 2, "");
        BufferedImage keyframe = Images.jpeg(full.body());
        assertThat(Images.psnr(keyframe, frames, 25)).isGreaterThan(SAME_FRAME_DB);
        assertThat(Images.nearest(keyframe, frames, 25, frameCount)).isEqualTo(25);

        HttpResponse<byte[]> webp = snapshot(object.startMicros() + n * FRAME, "&format=webp&size=640");
        assertThat(webp.statusCode()).isEqualTo(200);
        assertThat(webp.headers().firstValue("Content-Type")).hasValue("image/webp");
        assertThat(new String(webp.body(), 8, 4, StandardCharsets.US_ASCII)).isEqualTo("WEBP");
        assertThat(registry.find("zonecam.snapshots.decode")
                        .tag("source", "recorded")
                        .timer()
                        .count())
                .isGreaterThanOrEqualTo(3);
    }

    @Test
    void shouldPackTheThumbnailsOfEachCameraHourIntoOneObject() throws Exception {
        String cameraPrefix = "r30/" + camera.id() + "/";
        Await.until(
                Duration.ofSeconds(20),
                "the session's thumbnail pack is stored",
                () -> !packs(cameraPrefix).isEmpty());
        List<String> packs = packs(cameraPrefix);
        // One PUT per camera-hour of the one session: as many packs as hours, each hour once.
        Map<Long, Long> perHour = packs.stream()
                .collect(Collectors.groupingBy(k -> ThumbnailKeys.hourOf(k, cameraPrefix), Collectors.counting()));
        assertThat(perHour.values()).containsOnly(1L);
        List<ThumbnailPack.Entry> entries = new ArrayList<>();
        for (String key : packs) {
            entries.addAll(
                    ThumbnailPackReader.index((o, l) -> store.read(key, o, l)).entries());
        }
        // 12 s of keyframes every second, a thumbnail every 2 s (the tests' interval): the first keyframe of each
        // 2 s cell of capture time, one in each cell the session touched, so 6 or 7 depending on its phase.
        assertThat(entries).hasSizeBetween(6, 7);
        for (int i = 1; i < entries.size(); i++) {
            assertThat(Math.floorDiv(entries.get(i).captureMicros(), 2_000_000L))
                    .isEqualTo(Math.floorDiv(entries.get(i - 1).captureMicros(), 2_000_000L) + 1);
        }
        assertThat(entries).allSatisfy(e -> {
            assertThat(e.width()).isEqualTo(160);
            assertThat(e.height()).isEqualTo(120);
            assertThat(e.captureMicros()).isBetween(micros(camera.from()), micros(camera.to()));
        });
        assertThat(registry.counter("zonecam.thumbnails.pack.puts").count()).isGreaterThanOrEqualTo(packs.size());

        // The timeline's thumbnail at an instant is the one taken at or before it, read back from the pack.
        ThumbnailPack.Entry third = entries.get(2);
        HttpResponse<byte[]> r = Http.get(
                "/thumbnails/cameras/" + camera.id() + "?at=" + instant(third.captureMicros() + 900_000) + "&token="
                        + token,
                null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(Images.jpeg(r.body()).getWidth()).isEqualTo(160);
        assertCapturedAt(r, third.captureMicros());
        String key = packs.get(0);
        ThumbnailPackIndex index = ThumbnailPackReader.index((o, l) -> store.read(key, o, l));
        if (index.entries().contains(third)) {
            assertThat(r.body()).isEqualTo(ThumbnailPackReader.picture((o, l) -> store.read(key, o, l), third));
        }

        // Before the first thumbnail (but inside the token's range) there is none.
        HttpResponse<byte[]> before = Http.get(
                "/thumbnails/cameras/" + camera.id() + "?at="
                        + instant(entries.get(0).captureMicros() - 1) + "&token=" + token,
                null);
        assertProblem(before, 404, "no-picture");

        // The newest thumbnail, for the grid, with a live or a recorded token.
        HttpResponse<byte[]> latest = Http.get(
                "/thumbnails/cameras/" + camera.id() + "/latest.jpg?token="
                        + NodeTestEnvironment.token(
                                TokenKind.LIVE, camera.id(), NodeTestEnvironment.ZONE, null, null, 300),
                null);
        assertThat(latest.statusCode()).isEqualTo(200);
        assertCapturedAt(latest, entries.get(entries.size() - 1).captureMicros());
        assertThat(Http.get("/thumbnails/cameras/" + camera.id() + "/latest.jpg?token=" + token, null)
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void shouldRefuseBadInputWithProblemJson() throws Exception {
        long mid = object.startMicros() + 1_000_000;
        String path = "/snapshots/cameras/" + camera.id() + "?token=" + token + "&at=" + instant(mid);
        for (String bad :
                List.of("&size=5000", "&size=-1", "&size=0", "&size=99999999999", "&format=gif", "&exact=yes")) {
            assertProblem(Http.get(path + bad, null), 400, "bad-request");
        }
        String base = "/snapshots/cameras/" + camera.id() + "?token=" + token + "&at=";
        for (String at : List.of(
                "yesterday",
                "-0001-01-01T00:00:00Z",
                "%2B1000000000-01-01T00:00:00Z",
                "1969-12-31T23:59:59Z",
                "2026-13-45T00:00:00Z")) {
            assertProblem(Http.get(base + at, null), 400, "bad-request");
        }
        assertThat(registry.find("zonecam.pictures.refused")
                        .tag("reason", "bad-request")
                        .counter()
                        .count())
                .isGreaterThanOrEqualTo(11);

        // Outside the recordings, in the future: no picture. The token covers an hour on both sides.
        String wide = token(camera.from().minusSeconds(3600), Instant.now().plusSeconds(3600));
        String wideBase = "/snapshots/cameras/" + camera.id() + "?token=" + wide + "&at=";
        assertProblem(Http.get(wideBase + camera.from().minusSeconds(1800), null), 404, "no-picture");
        assertProblem(Http.get(wideBase + Instant.now().plusSeconds(1800), null), 404, "no-picture");
        assertProblem(
                Http.get(
                        "/thumbnails/cameras/" + camera.id() + "?token=" + wide + "&at="
                                + camera.from().minusSeconds(1800),
                        null),
                404,
                "no-picture");
    }

    @Test
    void shouldAnswerAnotherCamerasTokenLikeAMissingCamera() throws Exception {
        String at = instant(object.startMicros() + 1_000_000);
        String other = NodeTestEnvironment.token(
                TokenKind.RECORDED, "another-camera", NodeTestEnvironment.ZONE, camera.from(), camera.to(), 300);
        assertProblem(pictureAt("snapshots", at, other), 404, "not-found");
        assertProblem(pictureAt("thumbnails", at, other), 404, "not-found");
        assertProblem(
                Http.get("/thumbnails/cameras/" + camera.id() + "/latest.jpg?token=" + other, null), 404, "not-found");

        // No token, a live token for a recorded instant, a range that does not hold the instant: 401.
        assertProblem(pictureAt("snapshots", at, null), 401, "unauthorized");
        String live = NodeTestEnvironment.token(TokenKind.LIVE, camera.id(), NodeTestEnvironment.ZONE, null, null, 300);
        assertProblem(pictureAt("snapshots", at, live), 401, "unauthorized");
        assertProblem(pictureAt("thumbnails", at, live), 401, "unauthorized");
        String early = token(camera.from().minusSeconds(600), camera.from().minusSeconds(300));
        assertProblem(pictureAt("snapshots", at, early), 401, "unauthorized");
        // A recorded token does not open the live picture.
        assertProblem(Http.get("/snapshots/cameras/" + camera.id() + "?token=" + token, null), 401, "unauthorized");
    }

    /** GETs the camera's picture at {@code at} from {@code route} (snapshots or thumbnails), with a token or none. */
    private HttpResponse<byte[]> pictureAt(String route, String at, String token) throws Exception {
        return Http.get(
                "/" + route + "/cameras/" + camera.id() + "?at=" + at + (token == null ? "" : "&token=" + token), null);
    }

    private HttpResponse<byte[]> snapshot(long at, String query) throws Exception {
        return Http.get("/snapshots/cameras/" + camera.id() + "?at=" + instant(at) + "&token=" + token + query, null);
    }

    private List<String> packs(String prefix) {
        try {
            return store.list(prefix, null, 1000).objects().stream()
                    .map(ObjectInfo::key)
                    .filter(ThumbnailKeys::isPack)
                    .toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void assertCapturedAt(HttpResponse<byte[]> r, long micros) {
        long served = micros(Instant.parse(
                r.headers().firstValue(PictureResponses.CAPTURED_AT).orElseThrow()));
        assertThat(served).isBetween(micros - 1000, micros + 1000);
    }

    static void assertProblem(HttpResponse<byte[]> r, int status, String slug) throws Exception {
        String body = new String(r.body(), StandardCharsets.UTF_8);
        assertThat(r.statusCode()).as(body).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = new ObjectMapper().readTree(body);
        assertThat(problem.path("type").asText()).isEqualTo("https://zonecam.io/problems/" + slug);
        assertThat(problem.path("detail").asText()).isNotBlank();
    }

    private static String token(Instant from, Instant to) {
        return NodeTestEnvironment.token(TokenKind.RECORDED, camera.id(), NodeTestEnvironment.ZONE, from, to, 600);
    }

    private static String instant(long micros) {
        return URLEncoder.encode(Instant.EPOCH.plusNanos(micros * 1000).toString(), StandardCharsets.US_ASCII);
    }

    static long micros(Instant i) {
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
    }
}
