package io.zonecam.node.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.node.hub.CameraHub;
import io.zonecam.node.ingest.IngestServers;
import io.zonecam.node.recording.RecordingService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * RecordedCamera is a camera an ffmpeg publisher recorded on the node under test: published over RTMP with a device
 * token, its session ended and every object uploaded.
 *
 * @param id   the camera id
 * @param from a whole second before the publish started
 * @param to   a whole second after every object was stored
 */
public record RecordedCamera(String id, Instant from, Instant to) {

    /** Publisher starts ffmpeg publishing to {@code url}, logging to {@code log}. */
    @FunctionalInterface
    public interface Publisher {
        Process start(String url, Path log) throws IOException;
    }

    /** Publishes {@code camera} to the node and returns once its recording is in the store. */
    public static RecordedCamera record(
            IngestServers ingest, CameraHub hub, RecordingService recording, String camera, Publisher publisher)
            throws IOException, InterruptedException {
        int rtmpPort = ingest.servers().get(1).localAddress().getPort();
        Path log = Files.createTempFile("ffmpeg", ".log");
        Instant from = Instant.now().minusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
        Process ffmpeg = publisher.start(
                "rtmp://127.0.0.1:" + rtmpPort + "/live/" + camera + "?token="
                        + NodeTestEnvironment.deviceToken(camera),
                log);
        assertThat(Ffmpeg.await(ffmpeg, 60)).as(Ffmpeg.log(log)).isZero();
        Await.until(
                Duration.ofSeconds(30),
                "the session ended and its objects are uploaded",
                () -> !hub.cameraIds().contains(camera) && recording.pendingUploads() == 0);
        return new RecordedCamera(camera, from, Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.SECONDS));
    }
}
