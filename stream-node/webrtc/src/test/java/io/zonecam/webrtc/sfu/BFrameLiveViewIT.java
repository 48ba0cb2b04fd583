package io.zonecam.webrtc.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.webrtc.transport.TransportConfig;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Headless Chromium watches two live cameras fed by ffmpeg's libx264 at 25 fps (issue 11, item 1): one High profile
 * with B-frames (libx264's default for ffmpeg, OBS and some IP cameras), one without. Each must either play smoothly
 * (at least 95 % of the pictures sent in a 10 s window decoded, per getStats() inbound-rtp, and no freeze) or, where
 * the browser cannot decode the stream, be refused with a message that says why, with the camera flagged, instead
 * of a picture that freezes. Figures go to {@code target/bframe-live-view.txt}.
 */
@Timeout(120)
class BFrameLiveViewIT {

    private static final int WINDOW_SECONDS = 10;
    private static final Path REPORT = Path.of("target", "bframe-live-view.txt");

    private static Sfu sfu;
    private static WhepTestServer whep;

    @BeforeAll
    static void start() throws Exception {
        sfu = Sfu.start(SfuConfig.defaults(TransportConfig.loopback()).withEgressThreads(1));
        whep = WhepTestServer.start(sfu);
        Files.deleteIfExists(REPORT);
    }

    @AfterAll
    static void stop() {
        if (whep != null) {
            whep.close();
        }
        if (sfu != null) {
            sfu.close();
        }
    }

    @Test
    void cameraWithoutBFramesPlaysSmoothly() throws Exception {
        TestClip clip = TestClip.high360pWithoutBFrames();
        assertThat(clip.reordered()).isFalse();
        try (CameraFeeder camera = CameraFeeder.start(sfu, "cam-plain", clip)) {
            Playback p = watch(camera, "cam-plain");
            assertThat(p.refusal).as("no refusal for a camera without B-frames").isNull();
            p.assertSmooth();
        }
    }

    @Test
    void cameraWithBFramesPlaysSmoothlyOrIsRefusedWithTheReason() throws Exception {
        TestClip clip = TestClip.high360pWithBFrames();
        assertThat(clip.reordered()).as("the clip has B-frames").isTrue();
        try (CameraFeeder camera = CameraFeeder.start(sfu, "cam-bframes", clip)) {
            Playback p = watch(camera, "cam-bframes");
            if (p.refusal == null) {
                p.assertSmooth();
                return;
            }
            // The browser was told why, in words a camera owner can act on, and the node flags the camera.
            assertThat(p.refusal).contains("409").contains("B-frames").contains("without B-frames");
            assertThat(sfu.cameraHasBFrames("cam-bframes")).isTrue();
            assertThat(sfu.metrics().offersRefused(SfuException.Reason.CAMERA_HAS_B_FRAMES))
                    .isPositive();
        }
    }

    /** What one Chromium viewer saw: a refusal, or the stats at the start and end of the window. */
    private record Playback(String camera, String refusal, String first, String last, long fedInWindow) {

        void assertSmooth() {
            double decoded = NodePeer.number(last, "framesDecoded") - NodePeer.number(first, "framesDecoded");
            String figures =
                    camera + ": " + fedInWindow + " pictures sent, " + (long) decoded + " decoded; at the end " + last;
            assertThat(decoded)
                    .as("at least 95 %% of the pictures sent in %d s decoded; %s", WINDOW_SECONDS, figures)
                    .isGreaterThanOrEqualTo(0.95 * fedInWindow);
            // Freezes inside the window, like the decoded count: a stall while the tab and the JIT warm up, before
            // the window opens, is not the camera's picture freezing. One stall is tolerated: with Chromium, the node
            // and the build sharing 2 cores, the full suite once saw a single 1.2 s freeze in a stream without
            // B-frames; a stream with B-frames freezes every GOP (5 freezes, 4.2 s in the same window).
            assertThat(NodePeer.number(last, "freezeCount") - NodePeer.number(first, "freezeCount"))
                    .as("freezes in the window; at the start %s; %s", first, figures)
                    .isLessThanOrEqualTo(1);
            assertThat(NodePeer.number(last, "totalFreezesDurationMs")
                            - NodePeer.number(first, "totalFreezesDurationMs"))
                    .as(figures)
                    .isLessThanOrEqualTo(1_500);
        }
    }

    private static Playback watch(CameraFeeder camera, String cameraId) throws Exception {
        camera.awaitFrames(5, 5_000);
        String page =
                whep.base() + "/player.html?whep=" + URLEncoder.encode(whep.whepUrl(cameraId), StandardCharsets.UTF_8);
        long durationMs = (WINDOW_SECONDS + 3) * 1000L;
        try (NodePeer chromium = NodePeer.start("chromium-viewer.mjs", page, Long.toString(durationMs), "")) {
            // The first second of a viewer is start-up (the cached GOP as a burst): the window starts after it.
            String first = chromium.await(
                    l -> l.contains("\"type\":\"error\"")
                            || l.contains("\"progress\"") && NodePeer.number(l, "t") >= 1500,
                    60_000);
            if (first.contains("\"type\":\"error\"")) {
                report(cameraId + " refused: " + first + " (camera flagged: " + sfu.cameraHasBFrames(cameraId) + ")");
                return new Playback(cameraId, first, null, null, 0);
            }
            long fedAtFirst = camera.frames();
            double tFirst = NodePeer.number(first, "t");
            String last = chromium.await(
                    l -> l.contains("\"progress\"") && NodePeer.number(l, "t") >= tFirst + WINDOW_SECONDS * 1000,
                    (WINDOW_SECONDS + 20) * 1000L);
            long fed = camera.frames() - fedAtFirst;
            double seconds = (NodePeer.number(last, "t") - tFirst) / 1000;
            double decoded = NodePeer.number(last, "framesDecoded") - NodePeer.number(first, "framesDecoded");
            report(String.format(
                    "%s: %.1f s window, %d pictures sent, %.0f decoded (%.1f fps, %.1f %%), freezes %.0f (%.0f ms),"
                            + " PLIs %.0f, frames dropped %.0f%n  first %s%n  last  %s",
                    cameraId,
                    seconds,
                    fed,
                    decoded,
                    decoded / seconds,
                    100 * decoded / Math.max(1, fed),
                    NodePeer.number(last, "freezeCount"),
                    NodePeer.number(last, "totalFreezesDurationMs"),
                    NodePeer.number(last, "pliCount"),
                    NodePeer.number(last, "framesDropped"),
                    first,
                    last));
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> chromium.waitFor(100));
            return new Playback(cameraId, null, first, last, fed);
        }
    }

    private static void report(String line) throws Exception {
        System.out.println("bframe-live-view: " + line);
        Files.createDirectories(REPORT.getParent());
        Files.write(REPORT, List.of(line), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
