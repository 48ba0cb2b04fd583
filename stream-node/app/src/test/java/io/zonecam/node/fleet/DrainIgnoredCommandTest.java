package io.zonecam.node.fleet;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.zonecam.contracts.token.TokenKind;
import io.zonecam.node.support.Await;
import io.zonecam.node.support.Ffmpeg;
import io.zonecam.node.support.Ffprobe;
import io.zonecam.node.support.NodeTestEnvironment;
import io.zonecam.node.support.NodeUnderTest;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A camera that ignores its reconnect command (ffmpeg knows nothing of the device bus) is disconnected once the
 * command's deadline passes, and what it sent until then is recorded.
 */
@QuarkusTest
@QuarkusTestResource(NodeTestEnvironment.class)
@TestProfile(DrainIgnoredCommandTest.ShortDeadline.class)
class DrainIgnoredCommandTest {

    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(3);
    static final int FPS = 25;

    /** A short command deadline so the test does not wait the production 30 s. */
    public static class ShortDeadline implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("zonecam.drain.command-timeout", COMMAND_TIMEOUT.toString());
        }
    }

    @Inject
    NodeUnderTest node;

    @Inject
    DrainCoordinator drain;

    @Inject
    MeterRegistry registry;

    @AfterEach
    void stopDraining() {
        drain.cancel();
    }

    @Test
    void shouldDisconnectACameraThatIgnoresItsReconnectCommandAfterTheDeadlineAndKeepItsRecording() throws Exception {
        String camera = UUID.randomUUID().toString();
        Path log = Files.createTempFile("ffmpeg", ".log");
        Instant from = Instant.now().minusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
        Process ffmpeg = Ffmpeg.publish(node.rtmpUrl(camera), 60, false, log);
        long fragmentsBefore = node.fragmentsWritten();
        node.awaitPublishing(camera, Duration.ofSeconds(20), "the camera publishes");
        long publishingSince = System.nanoTime();
        // Drain only once the camera's first fragment is on disk: the drain must keep what came before it.
        Await.until(
                Duration.ofSeconds(20),
                "a fragment of the camera is recorded",
                () -> node.fragmentsWritten() > fragmentsBefore);
        double forcedBefore = registry.counter("zonecam.drain.forced").count();

        long drainAt = System.nanoTime();
        drain.begin("test: a camera that ignores commands");
        Await.until(COMMAND_TIMEOUT.plusSeconds(10), "the camera is disconnected", () -> !node.connected(camera));
        long disconnectedAt = System.nanoTime();

        assertThat(Duration.ofNanos(disconnectedAt - drainAt))
                .as("disconnected only after the command's deadline")
                .isGreaterThanOrEqualTo(COMMAND_TIMEOUT);
        assertThat(registry.counter("zonecam.drain.forced").count() - forcedBefore)
                .isEqualTo(1.0);
        assertThat(Ffmpeg.await(ffmpeg, 15))
                .as("the camera lost its connection: " + Ffmpeg.log(log))
                .isNotZero();

        // Every frame it sent until the disconnect is recorded: about FPS per second of publishing (give or take the
        // second the first keyframe and the handshake take).
        Await.until(Duration.ofSeconds(20), "every object is uploaded", () -> node.pendingUploads() == 0);
        Instant to = Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
        String token = NodeTestEnvironment.token(TokenKind.RECORDED, camera, null, from, to, 600);
        String playlist = "http://127.0.0.1:" + RestAssured.port + "/hls/cameras/" + camera + "/index.m3u8?from=" + from
                + "&to=" + to + "&token=" + URLEncoder.encode(token, StandardCharsets.US_ASCII);
        given().get(playlist.substring(playlist.indexOf("/hls/"))).then().statusCode(200);
        int frames = Ffprobe.videoFrames(playlist);
        double published = (disconnectedAt - publishingSince) / 1e9;
        assertThat(frames)
                .as("%d frames recorded for %.1f s of publishing", frames, published)
                .isBetween((int) ((published - 1) * FPS), (int) ((published + 1) * FPS));
    }
}
