package io.zonecam.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DtsEstimatorTest {

    @Test
    void givesIncreasingDecodeTimesNeverAfterPresentationForBFrames() {
        // Decode order I0 P3 B1 B2 P6 B4 B5 (display index × 3600), reorder depth 2 (x264 -bf 2).
        long[] pts = {0, 3, 1, 2, 6, 4, 5};
        DtsEstimator e = new DtsEstimator(2, 3600);
        long[] dts = new long[pts.length];
        for (int i = 0; i < pts.length; i++) {
            dts[i] = e.dts(pts[i] * 3600);
        }
        assertThat(dts).containsExactly(-7200, -3600, 0, 3600, 7200, 10800, 14400);
        for (int i = 0; i < pts.length; i++) {
            assertThat(dts[i]).isLessThanOrEqualTo(pts[i] * 3600);
        }
        assertThat(e.violations()).isZero();
    }

    @Test
    void passesThroughStreamsWithoutReordering() {
        DtsEstimator e = new DtsEstimator(0, 3600);
        assertThat(e.dts(100)).isEqualTo(100);
        assertThat(e.dts(3700)).isEqualTo(3700);
    }

    @Test
    void clampsAndCountsReorderingDeeperThanDeclared() {
        DtsEstimator e = new DtsEstimator(1, 3600);
        // Display order 0 1 2 3 decoded as 0 3 2 1: frame 1 waits behind two later-decoded frames.
        long a = e.dts(0);
        long b = e.dts(3 * 3600);
        long c = e.dts(2 * 3600);
        long d = e.dts(1 * 3600);
        assertThat(new long[] {a, b, c, d}).isSorted().doesNotHaveDuplicates();
        assertThat(e.violations()).isEqualTo(1);
    }
}
