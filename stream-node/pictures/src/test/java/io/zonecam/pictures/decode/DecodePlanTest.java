package io.zonecam.pictures.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.media.frame.Codec;
import io.zonecam.pictures.testing.Clip;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * DecodePlanTest checks the choice of frames from timestamps alone, on a hand-made GOP in decode order
 * I0 P3 B1 B2 P6 B4 B5 (presentation times in frames) whose B-frames nothing refers to.
 */
class DecodePlanTest {

    private static final long F = 3600; // one frame at 25 fps in 90 kHz ticks

    @Test
    void theTargetIsChosenByPresentationTimeAndFedFromItsKeyframe() {
        CodedVideo gop = gop(false);
        // Instant inside frame 2 (B2, decode index 3): feed I0 P3 then B2; B1 is skipped (nal_ref_idc 0).
        DecodePlan plan = DecodePlan.of(gop, 2 * F + 100, Selection.AT_OR_BEFORE);
        assertThat(plan.target()).isEqualTo(3);
        assertThat(plan.feed()).containsExactly(0, 1, 3);
        assertThat(plan.leading()).isFalse();
        // Instant inside frame 3 (P3, decode index 1): the B-frames decoded after it are not needed.
        assertThat(DecodePlan.of(gop, 3 * F, Selection.AT_OR_BEFORE).feed()).containsExactly(0, 1);
        // Frame 5 (B5, index 6): P3 and P6 are references, B4 is not.
        assertThat(DecodePlan.of(gop, 5 * F + 1, Selection.EXACT).feed()).containsExactly(0, 1, 4, 6);
        assertThat(DecodePlan.of(gop, 5 * F + 1, Selection.KEYFRAME).feed()).containsExactly(0);
    }

    @Test
    void referenceBFramesAreFed() {
        assertThat(DecodePlan.of(gop(true), 2 * F, Selection.AT_OR_BEFORE).feed())
                .containsExactly(0, 1, 2, 3);
    }

    @Test
    void aLeadingPictureGoesBackToThePreviousKeyframe() {
        // decode order: I0 P2 B1 | CRA4 RASL3 P6 B5 ; RASL3 shows before CRA4 and refers to P2.
        VideoTrack track = VideoTrack.fromInitSegment(Clip.get(Clip.H265_MAIN).init());
        long[][] t = {{0, 0, 1}, {1, 2, 0}, {2, 1, 0}, {3, 4, 1}, {4, 3, 0}, {5, 6, 0}, {6, 5, 0}};
        List<AccessUnit> units = new ArrayList<>();
        for (long[] u : t) {
            units.add(new AccessUnit(u[0] * F, u[1] * F, F, u[2] == 1, new byte[] {0, 0, 0, 1, 2}));
        }
        CodedVideo video = new CodedVideo(track, units);
        DecodePlan rasl = DecodePlan.of(video, 3 * F, Selection.EXACT);
        assertThat(rasl.target()).isEqualTo(4);
        assertThat(rasl.feed()).containsExactly(0, 1, 2, 3, 4);
        assertThat(rasl.leading()).isFalse();
        DecodePlan alone = DecodePlan.of(new CodedVideo(track, units.subList(3, 7)), 3 * F, Selection.EXACT);
        assertThat(alone.leading()).isTrue();
    }

    @Test
    void nonReferenceDetectionReadsEverySlice() {
        byte[] nonRef = {0, 0, 0, 2, 0x01, 0x11, 0, 0, 0, 2, 0x01, 0x22};
        byte[] mixed = {0, 0, 0, 2, 0x01, 0x11, 0, 0, 0, 2, 0x21, 0x22};
        byte[] seiOnly = {0, 0, 0, 2, 0x06, 0x05};
        byte[] torn = {0, 0, 0, 9, 0x01};
        assertThat(DecodePlan.nonReference(nonRef, 4)).isTrue();
        assertThat(DecodePlan.nonReference(mixed, 4)).isFalse();
        assertThat(DecodePlan.nonReference(seiOnly, 4)).isFalse();
        assertThat(DecodePlan.nonReference(torn, 4)).isFalse();
    }

    @Test
    void ticksAndMicrosRoundTripAtNtscRates() {
        VideoTrack base = VideoTrack.fromInitSegment(Clip.get(Clip.H264_HIGH).init());
        VideoTrack ntsc = new VideoTrack(1, Codec.H264, 30000, base.decoderConfig(), 4, base.width(), base.height());
        for (long frame = 0; frame < 100_000; frame += 997) {
            long ticks = frame * 1001;
            assertThat(ntsc.ticks(ntsc.micros(ticks))).isEqualTo(ticks);
        }
        assertThat(ntsc.micros(-1001)).isEqualTo(-33_367);
    }

    /** I0 P3 B1 B2 P6 B4 B5 in decode order; B-frames are references when {@code refB}. */
    private static CodedVideo gop(boolean refB) {
        VideoTrack track = VideoTrack.fromInitSegment(Clip.get(Clip.H264_HIGH).init());
        long[] shown = {0, 3, 1, 2, 6, 4, 5};
        List<AccessUnit> units = new ArrayList<>();
        for (int i = 0; i < shown.length; i++) {
            boolean b = shown[i] % 3 != 0;
            int header = i == 0 ? 0x65 : (b && !refB ? 0x01 : 0x41);
            units.add(new AccessUnit(i * F, shown[i] * F, F, i == 0, new byte[] {0, 0, 0, 2, (byte) header, 0}));
        }
        return new CodedVideo(track, units);
    }
}
