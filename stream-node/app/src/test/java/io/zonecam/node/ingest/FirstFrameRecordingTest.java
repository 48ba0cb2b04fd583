package io.zonecam.node.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.zonecam.contracts.token.TokenKind;
import io.zonecam.node.support.Await;
import io.zonecam.node.support.Ffmpeg;
import io.zonecam.node.support.Ffprobe;
import io.zonecam.node.support.NodeTestEnvironment;
import io.zonecam.node.support.NodeUnderTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * A recording starts at the first keyframe the camera sent (issue 11, item 2): real ffmpeg cameras publish a
 * pre-encoded libx264 High clip with B-frames ({@code -bf 2}, a keyframe every 2 s: {@code -g 50} at 25 fps) over
 * RTSP and RTMP, with the parameter sets only in the SDP (ffmpeg's RTSP muxer writes sprop-parameter-sets from the
 * MP4's avcC; the clip carries none in-band) or in-band as well, H.265 with B-frames and VPS/SPS/PPS only in the SDP,
 * without B-frames, and twice in a row (a reconnect).
 * The node's HLS playback of each camera must decode to exactly the frames the camera sent, checked frame by frame
 * (ffmpeg's framemd5 of the decoded pictures) and counted by ffprobe, and its first PROGRAM-DATE-TIME must be when the
 * session's first frame arrived, not a GOP later.
 *
 * <p>The cameras publish at the same time ({@code -re -c copy} costs ffmpeg about 1 % of a core), so the whole test
 * takes about one clip length.
 */
@QuarkusTest
@QuarkusTestResource(NodeTestEnvironment.class)
class FirstFrameRecordingTest {

    private static final Logger LOG = Logger.getLogger(FirstFrameRecordingTest.class);
    private static final int FPS = 25;
    private static final long FRAME_MILLIS = 1000 / FPS;

    @Inject
    NodeUnderTest node;

    /** One camera of the test: what it publishes, how, and what it should get recorded. */
    private final class Camera {
        final String id = UUID.randomUUID().toString();
        final String name;
        final boolean rtmp;
        final Path clip;
        final int sessions;
        final List<Instant> launched = new ArrayList<>();
        final List<Instant> seen = new ArrayList<>();
        final Path log;
        Process ffmpeg;
        int published;

        Camera(String name, boolean rtmp, Path clip, int sessions) throws IOException {
            this.name = name;
            this.rtmp = rtmp;
            this.clip = clip;
            this.sessions = sessions;
            this.log = Files.createTempFile("ffmpeg-" + name, ".log");
        }

        void publish() throws IOException {
            String url = rtmp ? node.rtmpUrl(id) : node.rtspUrl(id);
            List<String> cmd = new ArrayList<>(List.of(
                    "ffmpeg", "-hide_banner", "-loglevel", "warning", "-re", "-i", clip.toString(), "-c", "copy"));
            cmd.addAll(Ffmpeg.outputTo(url));
            launched.add(Instant.now());
            ffmpeg = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            published++;
        }

        boolean live() {
            return node.publishing(id);
        }

        String log() {
            try {
                return Files.readString(log);
            } catch (IOException e) {
                return e.toString();
            }
        }
    }

    @Test
    void everySessionIsRecordedFromTheFirstKeyframeTheCameraSent() throws Exception {
        Path dir = Files.createTempDirectory("first-frame");
        // x264 with a global header (MP4) writes SPS/PPS to the avcC only; repeat-headers puts them before each IDR.
        Path sdpOnly = encode(dir.resolve("bframes.mp4"), 10, "-bf", "2", "-profile:v", "high");
        // x265 likewise keeps VPS/SPS/PPS in the hvcC (ffmpeg's SDP: sprop-vps/sps/pps); later GOPs open with a CRA.
        Path hevc = encode(
                dir.resolve("hevc.mp4"),
                10,
                "-c:v",
                "libx265",
                "-preset",
                "ultrafast",
                "-x265-params",
                "log-level=error:bframes=2:keyint=50:min-keyint=50:scenecut=0");
        Path inBand = encode(
                dir.resolve("inband.mp4"), 10, "-bf", "2", "-profile:v", "high", "-x264-params", "repeat-headers=1");
        Path noB = encode(dir.resolve("nob.mp4"), 10, "-bf", "0", "-profile:v", "main");
        Path shortClip = encode(dir.resolve("short.mp4"), 4, "-bf", "2", "-profile:v", "high");
        Map<Path, List<String>> sent = new LinkedHashMap<>();
        for (Path clip : List.of(sdpOnly, hevc, inBand, noB, shortClip)) {
            sent.put(clip, frameHashes(clip.toString()));
        }
        assertThat(sent.get(sdpOnly)).hasSize(10 * FPS);
        assertThat(sent.get(shortClip)).hasSize(4 * FPS);
        assertThat(reorderDepth(sdpOnly)).as("the clip has B-frames").isEqualTo(2);
        assertThat(nalTypes(sdpOnly, false))
                .as("no in-band SPS/PPS")
                .doesNotContain(7, 8)
                .contains(5, 1);
        assertThat(nalTypes(inBand, false)).as("in-band SPS/PPS").contains(7, 8, 5);
        assertThat(reorderDepth(noB)).isZero();
        assertThat(reorderDepth(hevc)).as("the H.265 clip has B-frames").isEqualTo(2);
        assertThat(nalTypes(hevc, true)).as("no in-band VPS/SPS/PPS").doesNotContain(32, 33, 34);

        List<Camera> cameras = List.of(
                new Camera("rtsp-bframes-sdp-only", false, sdpOnly, 1),
                new Camera("rtsp-bframes-in-band", false, inBand, 1),
                new Camera("rtsp-h265-bframes-sdp-only", false, hevc, 1),
                new Camera("rtsp-no-bframes", false, noB, 1),
                new Camera("rtmp-bframes", true, sdpOnly, 1),
                new Camera("rtsp-reconnect", false, shortClip, 2));

        Instant from = Instant.now().minusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
        for (Camera c : cameras) {
            c.publish();
        }
        // Each session's start as the node sees it, polled every 2 ms; the reconnecting camera publishes again as
        // soon as its first session has ended.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (cameras.stream().anyMatch(c -> c.seen.size() < c.sessions || c.ffmpeg.isAlive())) {
            assertThat(System.nanoTime()).as("publishing took too long").isLessThan(deadline);
            for (Camera c : cameras) {
                if (c.seen.size() < c.published && c.live()) {
                    c.seen.add(Instant.now());
                }
                if (!c.ffmpeg.isAlive() && c.published < c.sessions && c.seen.size() == c.published && !c.live()) {
                    assertThat(c.ffmpeg.exitValue()).as(c.log()).isZero();
                    c.publish();
                }
            }
            LockSupport.parkNanos(2_000_000);
        }
        for (Camera c : cameras) {
            assertThat(c.ffmpeg.exitValue()).as(c.name + ": " + c.log()).isZero();
        }
        Await.until(
                Duration.ofSeconds(20),
                "every session ended and its objects are uploaded",
                () -> cameras.stream().noneMatch(Camera::live) && node.pendingUploads() == 0);
        Instant to = Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.SECONDS);

        // Every camera is checked before the test fails, so one run shows what each case recorded.
        SoftAssertions softly = new SoftAssertions();
        for (Camera c : cameras) {
            String query = "?from=" + from + "&to=" + to + "&token="
                    + URLEncoder.encode(
                            NodeTestEnvironment.token(TokenKind.RECORDED, c.id, null, from, to, 600),
                            StandardCharsets.US_ASCII);
            String path = "/hls/cameras/" + c.id + "/index.m3u8" + query;
            String playlist = given().get(path).then().statusCode(200).extract().asString();
            String url = "http://127.0.0.1:" + RestAssured.port + path;
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < c.sessions; i++) {
                expected.addAll(sent.get(c.clip));
            }
            // The clip export rebases each session onto one timeline. The HLS playlist starts each session after
            // an EXT-X-DISCONTINUITY with its own media time, where ffmpeg's HLS reader loses pictures: it is checked
            // for cameras with one session.
            Path clip = Files.createTempFile("clip-" + c.name, ".mp4");
            Files.write(
                    clip,
                    given().get("/clips/cameras/" + c.id + ".mp4" + query)
                            .then()
                            .statusCode(200)
                            .extract()
                            .asByteArray());
            int clipFrames = Ffprobe.videoFrames(clip.toString());
            int hlsFrames = c.sessions == 1 ? Ffprobe.videoFrames(url) : -1;
            List<Instant> dates = programDateTimes(playlist);
            LOG.infof(
                    "%s: %d of %d frames recorded (HLS %d); sessions launched at %s, seen at %s;"
                            + " PROGRAM-DATE-TIMEs %s",
                    c.name, clipFrames, expected.size(), hlsFrames, c.launched, c.seen, dates);
            softly.assertThat(clipFrames).as(c.name + ": frames in the clip").isEqualTo(expected.size());
            softly.assertThat(frameHashes(clip.toString()))
                    .as(c.name + ": the pictures sent, in order, in the clip")
                    .isEqualTo(expected);
            if (c.sessions == 1) {
                softly.assertThat(hlsFrames).as(c.name + ": frames over HLS").isEqualTo(expected.size());
                softly.assertThat(frameHashes(url))
                        .as(c.name + ": the pictures sent, in order, over HLS")
                        .isEqualTo(expected);
            }
            for (int i = 0; i < c.sessions; i++) {
                // The session's first object starts at the capture time of its first keyframe. ffmpeg -re paces
                // frames from its own start, before its RTSP/RTMP handshake, so the node's estimate of that moment
                // (the least-delayed frame's arrival minus its media time) lies between the ffmpeg launch and the
                // session's start on the node, plus the keyframe's presentation delay behind its decode time (two
                // frames with -bf 2) and one frame. Before the fix it was a whole GOP (2 s) later.
                Instant launched = c.launched.get(i);
                Instant latest = c.seen.get(i).plusMillis(3 * FRAME_MILLIS + 20);
                softly.assertThat(dates)
                        .as(c.name + ": an object starting between the launch at %s and %s", launched, latest)
                        .anySatisfy(d -> assertThat(d).isBetween(launched.minusMillis(FRAME_MILLIS), latest));
            }
        }
        softly.assertAll();
    }

    /**
     * Encodes a testsrc clip with AAC audio at 25 fps; libx264 with a keyframe every 50 frames and the given options,
     * unless they choose another codec ({@code -c:v} first).
     */
    private static Path encode(Path out, int seconds, String... video) throws Exception {
        List<String> options = new ArrayList<>(List.of("-pix_fmt", "yuv420p"));
        if (!video[0].equals("-c:v")) {
            options.addAll(io.zonecam.testing.Ffmpeg.x264FixedGop(2 * FPS));
        }
        options.addAll(List.of(video));
        options.addAll(List.of("-c:a", "aac", "-b:a", "64k"));
        io.zonecam.testing.Ffmpeg.encodeTestPattern(null, out.toString(), "320x240", true, seconds, options);
        assertThat(Files.size(out)).isPositive();
        return out;
    }

    /** The MD5 of every decoded video frame of {@code input}, in presentation order (ffmpeg's framemd5 muxer). */
    private static List<String> frameHashes(String input) throws Exception {
        String out = run(List.of(
                "ffmpeg",
                "-v",
                "error",
                "-i",
                input,
                "-map",
                "0:v:0",
                "-fps_mode",
                "passthrough",
                "-f",
                "framemd5",
                "-"));
        List<String> hashes = new ArrayList<>();
        for (String line : out.lines().toList()) {
            if (!line.startsWith("#") && line.contains(",")) {
                String[] cols = line.split(",");
                hashes.add(cols[cols.length - 1].trim());
            }
        }
        return hashes;
    }

    /** has_b_frames of the clip's video stream: the decoder's reorder depth. */
    private static int reorderDepth(Path clip) throws Exception {
        String out = run(List.of(
                "ffprobe",
                "-v",
                "error",
                "-select_streams",
                "v:0",
                "-show_entries",
                "stream=has_b_frames",
                "-of",
                "csv=p=0",
                clip.toString()));
        return Integer.parseInt(out.trim());
    }

    /** The H.264 or H.265 NAL unit types in the clip's video packets as stored (4-byte lengths, no bitstream filter). */
    private static List<Integer> nalTypes(Path clip, boolean h265) throws Exception {
        Path raw = Files.createTempFile("nals", ".bin");
        run(List.of(
                "ffmpeg",
                "-v",
                "error",
                "-y",
                "-i",
                clip.toString(),
                "-map",
                "0:v:0",
                "-c",
                "copy",
                "-f",
                "data",
                raw.toString()));
        byte[] d = Files.readAllBytes(raw);
        List<Integer> types = new ArrayList<>();
        for (int p = 0; p + 4 < d.length; ) {
            int n = ((d[p] & 0xff) << 24) | ((d[p + 1] & 0xff) << 16) | ((d[p + 2] & 0xff) << 8) | (d[p + 3] & 0xff);
            types.add(h265 ? (d[p + 4] >> 1) & 0x3f : d[p + 4] & 0x1f);
            p += 4 + n;
        }
        return types;
    }

    private static List<Instant> programDateTimes(String playlist) {
        Matcher m = Pattern.compile("#EXT-X-PROGRAM-DATE-TIME:(\\S+)").matcher(playlist);
        List<Instant> out = new ArrayList<>();
        while (m.find()) {
            out.add(java.time.OffsetDateTime.parse(m.group(1)).toInstant());
        }
        return out;
    }

    private static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s did not finish", cmd).isTrue();
        assertThat(p.exitValue()).as(cmd + ": " + out).isZero();
        return out;
    }
}
