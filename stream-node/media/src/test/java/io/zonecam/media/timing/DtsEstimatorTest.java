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
}
