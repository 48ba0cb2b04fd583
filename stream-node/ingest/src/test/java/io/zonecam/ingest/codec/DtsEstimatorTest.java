package io.zonecam.ingest.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.media.frame.MediaFrame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Decode timestamps for RTP video that carries presentation time only. */
class DtsEstimatorTest {

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
        assertThat(dts(run(new DtsEstimator(0), 0, 3600, 7200))).containsExactly(0, 3600, 7200);
    }

    @Test
    void ibbpDecodeOrderGetsMonotonicDtsNeverAfterPts() {
        // Decode order I0 P3 B1 B2 P6 B4 B5 (in frame units of 3600) with one frame of reordering.
        List<MediaFrame> out = run(new DtsEstimator(1), 0, 10800, 3600, 7200, 21600, 14400, 18000);
        assertThat(dts(out)).containsExactly(-10800, 0, 3600, 7200, 10800, 14400, 18000);
        assertThat(out).allSatisfy(f -> assertThat(f.dts()).isLessThanOrEqualTo(f.pts()));
    }

    @Test
    void pyramidNeedsDepthTwo() {
        // I0 P4 B2 b1 b3 P8 B6 b5 b7: the reference B frame is decoded before both of its neighbours.
        long u = 3600;
        List<MediaFrame> out = run(new DtsEstimator(2), 0, 4 * u, 2 * u, u, 3 * u, 8 * u, 6 * u, 5 * u, 7 * u);
        long[] d = dts(out);
        for (int i = 1; i < d.length; i++) {
            assertThat(d[i]).isGreaterThan(d[i - 1]);
        }
        assertThat(out).allSatisfy(f -> assertThat(f.dts()).isLessThanOrEqualTo(f.pts()));
        assertThat(d[2]).isEqualTo(0); // after the two held startup frames, dts follows the sorted pts
    }

    @Test
    void deeperReorderingThanAnnouncedWidensTheDepthAndKeepsDtsMonotonic() {
        DtsEstimator e = new DtsEstimator(0);
        List<MediaFrame> out = run(e, 0, 10800, 3600, 7200, 21600, 14400, 18000, 25200);
        long[] d = dts(out);
        for (int i = 1; i < d.length; i++) {
            assertThat(d[i]).isGreaterThan(d[i - 1]);
        }
        assertThat(e.depth()).isEqualTo(1);
        assertThat(e.adjusted()).isPositive();
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
