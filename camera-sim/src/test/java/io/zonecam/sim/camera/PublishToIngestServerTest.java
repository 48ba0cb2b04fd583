package io.zonecam.sim.camera;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.ingest.EndReason;
import io.zonecam.ingest.IngestProtocol;
import io.zonecam.media.frame.Codec;
import io.zonecam.media.frame.MediaFrame;
import io.zonecam.media.frame.TrackInfo;
import io.zonecam.media.h264.FrameMarker;
import io.zonecam.media.h264.H264Nal;
import io.zonecam.sim.clip.Clip;
import io.zonecam.sim.clip.ClipSpec;
import io.zonecam.sim.testing.CollectingSink;
import io.zonecam.sim.testing.LeakCheck;
import io.zonecam.sim.testing.TestClips;
import io.zonecam.sim.testing.TestNode;
import io.zonecam.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Publishes simulated cameras to the stream node's own RTSP and RTMP ingest servers and checks, frame by frame, what
 * the node received: whole access units with the right track info, consecutive frame markers per camera, and decode
 * times that run on at exactly one frame duration across the clip's loop point.
 */
@ExtendWith(LeakCheck.class)
class PublishToIngestServerTest {

    private static final int CAMERAS = 4;
    /** 3 s of a 2 s clip: every camera crosses the loop point at least once (cameras start at a random GOP). */
    private static final int FRAMES = 75;

    @ParameterizedTest
    @EnumSource(IngestProtocol.class)
    void camerasDeliverEveryFrameOnceWithContinuousTimestampsAcrossTheLoop(IngestProtocol protocol) throws Exception {
        runAndCheck(protocol, TestClips.MAIN);
    }

    @ParameterizedTest
    @EnumSource(IngestProtocol.class)
    void bFrameClipKeepsIncreasingDecodeTimesAndCompositionOffsets(IngestProtocol protocol) throws Exception {
        runAndCheck(protocol, TestClips.BFRAMES);
    }

    private void runAndCheck(IngestProtocol protocol, ClipSpec spec) throws Exception {
        Clip clip = TestClips.load(spec);
        try (TestNode node = TestNode.start(protocol);
                CameraFleet fleet = new CameraFleet(clip, SimConfig.defaults())) {
            List<SimulatedCamera> cams = new ArrayList<>();
            for (int i = 1; i <= CAMERAS; i++) {
                SimulatedCamera c =
                        fleet.camera("cam-" + protocol.name().toLowerCase() + "-" + i, TargetSource.fixed());
                c.start(node.target(c.id()));
                cams.add(c);
            }
            Await.until(
                    "every camera sent " + FRAMES + " frames",
                    Duration.ofSeconds(20),
                    () -> cams.stream().allMatch(c -> c.stats().framesSent() >= FRAMES));
            fleet.stopAll().get(10, TimeUnit.SECONDS);
            Await.until(
                    "every session ended",
                    Duration.ofSeconds(5),
                    () -> node.sink.sessions.size() == CAMERAS
                            && node.sink.sessions.stream().allMatch(s -> s.endReason != null));

            for (SimulatedCamera c : cams) {
                CameraStats stats = c.stats();
                assertThat(stats.framesDropped()).isZero();
                assertThat(stats.framesSkipped()).isZero();
                assertThat(stats.reconnects()).isZero();
                List<CollectingSink.Received> sessions = node.sink.of(c.id());
                assertThat(sessions).as("sessions of %s", c.id()).hasSize(1);
                CollectingSink.Received r = sessions.get(0);
                assertThat(r.endReason).isEqualTo(EndReason.UNPUBLISHED);

                TrackInfo video = r.video();
                assertThat(video.codec()).isEqualTo(Codec.H264);
                assertThat(video.width()).isEqualTo(640);
                assertThat(video.height()).isEqualTo(360);
                TrackInfo audio = r.audio();
                assertThat(audio.codec()).isEqualTo(Codec.AAC);
                assertThat(audio.sampleRate()).isEqualTo(48_000);

                // Every frame the camera sent arrived, once, in order, from counter 0 on.
                List<FrameMarker> markers = r.markers();
                assertThat(markers).hasSize((int) stats.framesSent());
                for (int i = 0; i < markers.size(); i++) {
                    assertThat(markers.get(i).cameraId()).isEqualTo(c.id());
                    assertThat(markers.get(i).frameCounter())
                            .as("%s frame %d", c.id(), i)
                            .isEqualTo(i);
                }
                List<MediaFrame> frames = r.videoFrames();
                assertThat(frames.get(0).keyframe()).isTrue();
                assertThat(H264Nal.containsIdr(frames.get(0).data())).isTrue();
                // Whole access units: the received picture is the clip's picture plus the marker SEI.
                for (int i = 1; i < frames.size(); i++) {
                    long step = frames.get(i).dts() - frames.get(i - 1).dts();
                    long expected = clip.frameDuration() * video.timescale() / Clip.VIDEO_CLOCK;
                    if (protocol == IngestProtocol.RTSP && clip.hasCompositionOffsets()) {
                        assertThat(step).as("%s dts step at %d", c.id(), i).isPositive(); // estimated by the node
                    } else {
                        assertThat(step).as("%s dts step at %d", c.id(), i).isEqualTo(expected);
                    }
                    assertThat(frames.get(i).pts())
                            .isGreaterThanOrEqualTo(frames.get(i).dts());
                    if (H264Nal.containsIdr(frames.get(i).data())
                            != frames.get(i).keyframe()) {
                        throw new AssertionError("keyframe flag differs from the content at " + i);
                    }
                }
                for (MediaFrame f : frames) {
                    int size = f.data().length;
                    byte[] marker =
                            FrameMarker.find(f.data(), Codec.H264).orElseThrow().toH264Nal();
                    assertThat(clip.video().stream().anyMatch(v -> v.size() + 4 + marker.length == size))
                            .as("received access unit of %d bytes is a clip picture plus the marker", size)
                            .isTrue();
                }
                assertThat(frames.size()).isGreaterThan(clip.frameCount()); // the run crossed the loop point
                if (clip.hasCompositionOffsets()) {
                    assertThat(frames.stream().anyMatch(f -> f.pts() > f.dts())).isTrue();
                }
                List<MediaFrame> aac = r.audioFrames();
                assertThat(aac).isNotEmpty();
                for (int i = 1; i < aac.size(); i++) {
                    assertThat(aac.get(i).dts() - aac.get(i - 1).dts())
                            .as("audio step at %d", i)
                            .isEqualTo(protocol == IngestProtocol.RTSP ? 1024 : aacMillisStep(aac, i));
                }
            }
        }
    }

    /** RTMP carries milliseconds: 1024 samples at 48 kHz are 21.33 ms, so steps are 21 or 22. */
    private static long aacMillisStep(List<MediaFrame> aac, int i) {
        long step = aac.get(i).dts() - aac.get(i - 1).dts();
        return step == 21 || step == 22 ? step : -1;
    }
}
