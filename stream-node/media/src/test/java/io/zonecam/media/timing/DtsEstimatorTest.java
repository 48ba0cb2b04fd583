package io.zonecam.media.timing;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.media.frame.MediaFrame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Decode timestamps for video that carries presentation time only (RTP), in decode order. */
class DtsEstimatorTest {

    private static final long U = 3600; // one frame at 25 fps in 90 kHz ticks

    private static List<MediaFrame> run(DtsEstimator e, long... pts) {
        List<MediaFrame> out = new ArrayList<>();
        for (long p : pts) {
            e.push(new MediaFrame(1, p, p, false, new byte[] {0}), out::add);
        }
        e.flush(out::add);
        return out;
    }

    private static long[] dts(List<MediaFrame> frames) {
        return frames.stream().mapToLong(MediaFrame::dts).toArray();
    }

    @Test
    void withoutReorderingDtsEqualsPtsAndNothingIsHeld() {
        DtsEstimator e = new DtsEstimator(0);
        List<MediaFrame> out = new ArrayList<>();
        e.push(new MediaFrame(1, 0, 3000, true, new byte[0]), out::add);
        assertThat(out).hasSize(1); // no latency
        assertThat(out.get(0).dts()).isEqualTo(3000);
        assertThat(dts(run(new DtsEstimator(0), 0, U, 2 * U))).containsExactly(0, U, 2 * U);
        assertThat(dts(run(new DtsEstimator(0), 100, 3700))).containsExactly(100, 3700);
    }

    @Test
    void ibbpDecodeOrderGetsMonotonicDtsNeverAfterPts() {
        // Decode order I0 P3 B1 B2 P6 B4 B5 with one frame of reordering.
        List<MediaFrame> out = run(new DtsEstimator(1), 0, 3 * U, U, 2 * U, 6 * U, 4 * U, 5 * U);
        assertThat(dts(out)).containsExactly(-3 * U, 0, U, 2 * U, 3 * U, 4 * U, 5 * U);
        assertThat(out).allSatisfy(f -> assertThat(f.dts()).isLessThanOrEqualTo(f.pts()));
    }

    @Test
    void depthTwoStartsOneFrameSpacingApartBeforeTheFirstPts() {
        // x264 -bf 2: decode order I0 P3 B1 B2 P6 B4 B5. The startup frames are held until three show the spacing.
        DtsEstimator e = new DtsEstimator(2);
        List<MediaFrame> out = run(e, 0, 3 * U, U, 2 * U, 6 * U, 4 * U, 5 * U);
        assertThat(dts(out)).containsExactly(-2 * U, -U, 0, U, 2 * U, 3 * U, 4 * U);
        assertThat(out).allSatisfy(f -> assertThat(f.dts()).isLessThanOrEqualTo(f.pts()));
        assertThat(e.adjusted()).isZero();
    }

    @Test
    void pyramidNeedsDepthTwo() {
        // I0 P4 B2 b1 b3 P8 B6 b5 b7: the reference B frame is decoded before both of its neighbours.
        List<MediaFrame> out = run(new DtsEstimator(2), 0, 4 * U, 2 * U, U, 3 * U, 8 * U, 6 * U, 5 * U, 7 * U);
        assertThat(dts(out)).isSorted().doesNotHaveDuplicates();
        assertThat(out).allSatisfy(f -> assertThat(f.dts()).isLessThanOrEqualTo(f.pts()));
        assertThat(dts(out)[2]).isEqualTo(0); // after the two held startup frames, dts follows the sorted pts
    }

    @Test
    void deeperReorderingThanAnnouncedWidensTheDepthAndKeepsDtsMonotonic() {
        DtsEstimator e = new DtsEstimator(0);
        List<MediaFrame> out = run(e, 0, 3 * U, U, 2 * U, 6 * U, 4 * U, 5 * U, 7 * U);
        assertThat(dts(out)).isSorted().doesNotHaveDuplicates();
        assertThat(e.depth()).isEqualTo(1);
        assertThat(e.adjusted()).isPositive();
    }

    @Test
    void clampsAndCountsEachFrameReorderedDeeperThanDeclaredOnce() {
        // Display order 0 1 2 3 decoded as 0 3 2 1 with a declared depth of 1: frame 1 waits behind two later ones.
        DtsEstimator e = new DtsEstimator(1);
        assertThat(dts(run(e, 0, 3 * U, 2 * U, U))).isSorted().doesNotHaveDuplicates();
        assertThat(e.adjusted()).isEqualTo(1);
        assertThat(e.depth()).isEqualTo(2);
    }

    @Test
    void flushEmitsFramesHeldAtTheStart() {
        DtsEstimator e = new DtsEstimator(2);
        List<MediaFrame> out = new ArrayList<>();
        e.push(new MediaFrame(1, 0, 0, true, new byte[0]), out::add);
        assertThat(out).isEmpty();
        e.flush(out::add);
        assertThat(out).hasSize(1);
    }

    /** Presentation times of an x264 {@code -bf 2 -g n} GOP in decode order: I0 P3 B1 B2 P6 B4 B5 ..., from {@code first}. */
    static long[] x264Gop(long first, int n) {
        long[] pts = new long[n];
        pts[0] = first;
        int i = 1;
        for (int p = 3; i < n; p += 3) {
            // Each P frame is sent before the two B frames it follows in display order; a short last group has no P.
            int last = Math.min(p, n - 1);
            pts[i++] = first + last * U;
            for (int b = p - 2; b < last && i < n; b++) {
                pts[i++] = first + b * U;
            }
        }
        return pts;
    }

    @Test
    void aWholeBFrameGopFromItsKeyframeComesOutWithItsPtsAndDtsAtOrAboveTheFloor() {
        long start = 90_000; // where ingest starts an RTP track: one second of room below the first frame
        long[] pts = x264Gop(start, 50);
        assertThat(pts).doesNotHaveDuplicates().hasSize(50);
        DtsEstimator e = new DtsEstimator(2, 0);
        List<MediaFrame> out = run(e, pts);
        assertThat(out).extracting(MediaFrame::pts).containsExactly(box(pts));
        assertThat(dts(out)).isSorted().doesNotHaveDuplicates();
        assertThat(out).allSatisfy(f -> assertThat(f.dts()).isBetween(0L, f.pts()));
        // Evenly spaced from the first frame on: the held startup frames step back from the first pts.
        for (int i = 0; i < out.size(); i++) {
            assertThat(out.get(i).dts()).isEqualTo(start + (i - 2) * U);
        }
        assertThat(e.adjusted()).isZero();
    }

    @Test
    void withoutRoomAboveTheFloorTheStartupFramesAreSqueezedNotDroppedOrNegative() {
        // The GOP starts one frame above the floor, where two frames of room are needed: the startup halves its step.
        long[] pts = x264Gop(U, 12);
        List<MediaFrame> out = run(new DtsEstimator(2, 0), pts);
        assertThat(out).extracting(MediaFrame::pts).containsExactly(box(pts));
        assertThat(dts(out)).startsWith(0, U / 2, U, 2 * U, 3 * U).isSorted().doesNotHaveDuplicates();
        assertThat(out).allSatisfy(f -> assertThat(f.dts()).isBetween(0L, f.pts()));

        // At the floor itself there is no room at all: one tick apart from the floor, then the sorted pts again.
        pts = x264Gop(0, 12);
        out = run(new DtsEstimator(2, 0), pts);
        assertThat(out).extracting(MediaFrame::pts).containsExactly(box(pts));
        assertThat(dts(out)).startsWith(0, 1, 2, U, 2 * U).isSorted().doesNotHaveDuplicates();
        assertThat(out).allSatisfy(f -> assertThat(f.dts()).isBetween(0L, f.pts()));
    }

    @Test
    void withoutAFloorTheStartupStepsBackBelowTheFirstPts() {
        assertThat(dts(run(new DtsEstimator(2), x264Gop(0, 4)))).containsExactly(-2 * U, -U, 0, U);
    }

    private static Long[] box(long[] v) {
        return java.util.Arrays.stream(v).boxed().toArray(Long[]::new);
    }
}
