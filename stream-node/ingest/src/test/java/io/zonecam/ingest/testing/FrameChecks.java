package io.zonecam.ingest.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.media.frame.MediaFrame;
import java.util.ArrayList;
import java.util.List;

/** FrameChecks holds the assertions every real-peer test makes about delivered video frames. */
public final class FrameChecks {

    private FrameChecks() {}

    public static List<String> concat(List<String> a, String... more) {
        List<String> out = new ArrayList<>(a);
        out.addAll(List.of(more));
        return out;
    }

    /**
     * dts never negative (an MP4 decode time is unsigned: the recorder drops such frames) and strictly increasing, pts
     * never before dts, payload in 4-byte length-prefixed layout.
     */
    public static void assertDecodeOrder(List<MediaFrame> v) {
        assertThat(v).allSatisfy(f -> assertThat(f.dts()).as("dts >= 0").isNotNegative());
        for (int i = 1; i < v.size(); i++) {
            assertThat(v.get(i).dts())
                    .as("dts of frame %d", i)
                    .isGreaterThan(v.get(i - 1).dts());
        }
        assertThat(v).allSatisfy(f -> assertThat(f.pts()).as("pts >= dts").isGreaterThanOrEqualTo(f.dts()));
        assertThat(v)
                .allSatisfy(f -> assertThat(isLengthPrefixed(f.data()))
                        .as("length-prefixed NALs")
                        .isTrue());
    }

    /** Sorted pts values form a grid with the given step (no frame lost or duplicated in presentation order). */
    public static void assertPresentationGrid(List<MediaFrame> v, long step) {
        long[] pts = v.stream().mapToLong(MediaFrame::pts).sorted().toArray();
        for (int i = 1; i < pts.length; i++) {
            assertThat(pts[i] - pts[i - 1]).as("pts step at %d", i).isEqualTo(step);
        }
    }

    public static boolean isLengthPrefixed(byte[] au) {
        int p = 0;
        while (p < au.length) {
            if (au.length - p < 4) {
                return false;
            }
            long n = ((long) (au[p] & 0xFF) << 24)
                    | ((au[p + 1] & 0xFF) << 16)
                    | ((au[p + 2] & 0xFF) << 8)
                    | (au[p + 3] & 0xFF);
            p += 4;
            if (n <= 0 || n > au.length - p) {
                return false;
            }
            p += (int) n;
        }
        return au.length > 0;
    }
}
