package io.zonecam.sim.camera;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.sim.clip.Clip;
import io.zonecam.sim.publish.VideoSample;
import io.zonecam.sim.testing.TestClips;
import org.junit.jupiter.api.Test;

/** The timeline without sockets or clock: counters, decode times across clip loops and keyframe jumps. */
class ClipTimelineTest {

    private final Clip clip = TestClips.load(TestClips.MAIN);

    @Test
    void shouldCountFramesAndRunDecodeTimesOnAcrossClipLoops() {
        ClipTimeline t = new ClipTimeline("cam-t", clip, false);
        t.start(1_000);
        long frameTicks = Clip.VIDEO_CLOCK / 25;
        for (int k = 0; k < 2 * clip.frameCount() + 3; k++) {
            assertThat(t.videoDue()).isEqualTo(1_000 + k * frameTicks * 100_000 / 9);
            VideoSample s = t.takeVideo();
            assertThat(s.counter()).isEqualTo(k);
            assertThat(s.dts()).isEqualTo(k * frameTicks);
            assertThat(s.keyframe())
                    .isEqualTo(clip.video().get(k % clip.frameCount()).keyframe());
        }
        assertThat(t.videoFrames()).isEqualTo(2L * clip.frameCount() + 3);
    }

    @Test
    void shouldSendTheNextKeyframeInTheSlotOfTheFrameDueWhenOneIsRequested() {
        ClipTimeline t = new ClipTimeline("cam-t", clip, false);
        t.start(0);
        t.takeVideo();
        t.takeVideo(); // frame 2 of a 25-frame GOP is next
        long due = t.videoDue();
        t.requestKeyframe();

        assertThat(t.videoDue()).isEqualTo(due);
        VideoSample s = t.takeVideo();
        assertThat(s.keyframe()).isTrue();
        assertThat(s.counter()).isEqualTo(2);
        assertThat(s.dts()).isEqualTo(2 * Clip.VIDEO_CLOCK / 25);
    }

    @Test
    void shouldSkipACounterWhenAFrameIsTooLate() {
        ClipTimeline t = new ClipTimeline("cam-t", clip, false);
        t.start(0);
        t.takeVideo();
        t.skipVideo();
        assertThat(t.takeVideo().counter()).isEqualTo(2);
    }
}
