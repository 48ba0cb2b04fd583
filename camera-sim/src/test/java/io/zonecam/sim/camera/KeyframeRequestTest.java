package io.zonecam.sim.camera;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.ingest.IngestProtocol;
import io.zonecam.media.frame.MediaFrame;
import io.zonecam.sim.testing.LeakCheck;
import io.zonecam.sim.testing.TestClips;
import io.zonecam.sim.testing.TestNode;
import io.zonecam.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A keyframe request makes the very next frame an IDR, with counters and decode times running on unchanged. */
@ExtendWith(LeakCheck.class)
class KeyframeRequestTest {

    @Test
    void nextFrameAfterARequestIsAKeyframeAndTimestampsStayContinuous() throws Exception {
        try (TestNode node = TestNode.start(IngestProtocol.RTSP);
                CameraFleet fleet = new CameraFleet(TestClips.load(TestClips.MAIN), SimConfig.defaults())) {
            SimulatedCamera c = fleet.camera("idr-1", TargetSource.fixed());
            c.start(node.target(c.id())).get(10, TimeUnit.SECONDS);
            // Ask three times, each a few frames after a keyframe, well before the clip's next one (25 frames).
            for (int i = 0; i < 3; i++) {
                long at = c.stats().framesSent();
                Await.until("frames", Duration.ofSeconds(5), () -> c.stats().framesSent() >= at + 5);
                assertThat(c.requestKeyframe()).isTrue();
                Await.until("frames", Duration.ofSeconds(5), () -> c.stats().framesSent() >= at + 8);
            }
            c.stop().get(10, TimeUnit.SECONDS);

            List<MediaFrame> frames = node.sink.of(c.id()).get(0).videoFrames();
            List<Long> counters = node.sink.of(c.id()).get(0).counters();
            int keyframes = 0;
            for (int i = 1; i < frames.size(); i++) {
                assertThat(counters.get(i)).isEqualTo(counters.get(i - 1) + 1);
                assertThat(frames.get(i).dts() - frames.get(i - 1).dts()).isEqualTo(3600);
                if (frames.get(i).keyframe()) {
                    keyframes++;
                }
            }
            // Without requests about 24 frames hold at most one keyframe; every request added one.
            assertThat(keyframes).isGreaterThanOrEqualTo(3);
            int gop = 0;
            for (int i = 1; i < frames.size(); i++) {
                gop = frames.get(i).keyframe() ? 0 : gop + 1;
                assertThat(gop).isLessThan(25);
            }
        }
    }

    @Test
    void clipsWithBFramesRefuseKeyframeRequests() {
        try (CameraFleet fleet = new CameraFleet(TestClips.load(TestClips.BFRAMES), SimConfig.defaults())) {
            assertThat(fleet.camera("idr-b", TargetSource.fixed()).requestKeyframe())
                    .isFalse();
        }
    }
}
