package io.zonecam.sim.camera;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.sim.publish.PublishTarget;
import io.zonecam.sim.testing.LeakCheck;
import io.zonecam.sim.testing.TestClips;
import io.zonecam.testing.Await;
import io.zonecam.testing.Ffmpeg;
import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An independent receiver: ffmpeg listens as an RTSP or RTMP server, copies what one simulated camera publishes into
 * a file, and ffprobe decodes every frame of it — proof that the streams (frame-marker SEI included) are standard.
 */
@ExtendWith(LeakCheck.class)
class FfmpegReceiverTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"rtsp", "rtmp"})
    void ffmpegRecordsEveryPublishedFrameAndDecodesIt(String protocol) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String url = protocol + "://127.0.0.1:" + port + "/live/ffmpeg-1";
        Path out = dir.resolve("received.mkv");
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin"));
        cmd.addAll(protocol.equals("rtsp") ? List.of("-rtsp_flags", "listen") : List.of("-listen", "1"));
        cmd.addAll(List.of("-timeout", "20", "-i", url, "-c", "copy", "-y", out.toString()));
        Process ffmpeg = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("ffmpeg.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        long sent;
        try (CameraFleet fleet = new CameraFleet(
                TestClips.load(TestClips.MAIN),
                SimConfig.defaults().withReconnect(Duration.ofMillis(100), Duration.ofMillis(200)))) {
            SimulatedCamera c = fleet.camera("ffmpeg-1", TargetSource.fixed());
            c.start(PublishTarget.of(url)).get(20, TimeUnit.SECONDS); // retries until ffmpeg listens
            Await.until("75 frames", Duration.ofSeconds(15), () -> c.stats().framesSent() >= 75);
            c.stop().get(10, TimeUnit.SECONDS);
            sent = c.stats().framesSent();
        } finally {
            if (!ffmpeg.waitFor(20, TimeUnit.SECONDS)) {
                ffmpeg.destroyForcibly();
            }
        }
        assertThat(ffmpeg.exitValue())
                .as(Files.readString(dir.resolve("ffmpeg.log")))
                .isZero();
        List<Map<String, String>> streams =
                Ffmpeg.probe(null, out.toString(), null, "stream=codec_name,width,height,nb_read_frames", true);
        Map<String, String> video = streams.stream()
                .filter(s -> "h264".equals(s.get("codec_name")))
                .findFirst()
                .orElseThrow();
        assertThat(video).containsEntry("width", "640").containsEntry("height", "360");
        assertThat(Long.parseLong(video.get("nb_read_frames"))).isEqualTo(sent);
        assertThat(streams).anyMatch(s -> "aac".equals(s.get("codec_name")));
    }
}
