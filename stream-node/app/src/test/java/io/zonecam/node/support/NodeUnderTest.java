package io.zonecam.node.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.ingest.IngestCounters;
import io.zonecam.node.hub.CameraHub;
import io.zonecam.node.ingest.IngestServers;
import io.zonecam.node.recording.RecordingService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * NodeUnderTest is the node a {@code @QuarkusTest} runs, as its camera tests drive it: where a camera publishes
 * (with a device token for itself), and waits on the camera hub and the recorder. Tests inject it instead of
 * injecting and wiring the ingest servers, hub and recorder each time.
 */
@ApplicationScoped
public class NodeUnderTest {

    /** Publisher starts ffmpeg publishing to {@code url}, logging to {@code log}. */
    @FunctionalInterface
    public interface Publisher {
        Process start(String url, Path log) throws IOException;
    }

    @Inject
    IngestServers ingest;

    @Inject
    CameraHub hub;

    @Inject
    RecordingService recording;

    /** The RTSP server's refusals, fragments and sessions. */
    public IngestCounters rtspCounters() {
        return ingest.servers().get(0).counters();
    }

    /** Fragments the recorder has written since the node started. */
    public long fragmentsWritten() {
        return recording.metrics().fragmentsWritten();
    }

    /** Recorded objects still waiting for their upload. */
    public int pendingUploads() {
        return recording.pendingUploads();
    }

    /** True while {@code camera} has any session on the node, publishing or being closed. */
    public boolean connected(String camera) {
        return !hub.sessions(camera).isEmpty();
    }

    /** The RTSP server's port (the first ingest server). */
    public int rtspPort() {
        return ingest.servers().get(0).localAddress().getPort();
    }

    /** The RTMP server's port (the second ingest server). */
    public int rtmpPort() {
        return ingest.servers().get(1).localAddress().getPort();
    }

    /** Where {@code camera} publishes over RTSP, with {@code token}. */
    public String rtspUrl(String camera, String token) {
        return "rtsp://127.0.0.1:" + rtspPort() + "/live/" + camera + "?token=" + token;
    }

    /** Where {@code camera} publishes over RTMP, with {@code token}. */
    public String rtmpUrl(String camera, String token) {
        return "rtmp://127.0.0.1:" + rtmpPort() + "/live/" + camera + "?token=" + token;
    }

    /** Where {@code camera} publishes over RTSP, with a device token for itself. */
    public String rtspUrl(String camera) {
        return rtspUrl(camera, NodeTestEnvironment.deviceToken(camera));
    }

    /** Where {@code camera} publishes over RTMP, with a device token for itself. */
    public String rtmpUrl(String camera) {
        return rtmpUrl(camera, NodeTestEnvironment.deviceToken(camera));
    }

    /** True while {@code camera} has a publishing session on the node. */
    public boolean publishing(String camera) {
        return hub.cameraIds().contains(camera);
    }

    /** Waits until {@code camera} publishes; {@code what} says which camera in the failure. */
    public void awaitPublishing(String camera, Duration within, String what) {
        Await.until(within, what, () -> publishing(camera));
    }

    /** Publishes {@code camera} over RTMP and returns once its session ended and its recording is in the store. */
    public RecordedCamera record(String camera, Publisher publisher) throws IOException, InterruptedException {
        Path log = Files.createTempFile("ffmpeg", ".log");
        Instant from = Instant.now().minusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
        Process ffmpeg = publisher.start(rtmpUrl(camera), log);
        assertThat(Ffmpeg.await(ffmpeg, 60)).as(Ffmpeg.log(log)).isZero();
        Await.until(
                Duration.ofSeconds(30),
                "the session ended and its objects are uploaded",
                () -> !publishing(camera) && recording.pendingUploads() == 0);
        return new RecordedCamera(camera, from, Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.SECONDS));
    }
}
