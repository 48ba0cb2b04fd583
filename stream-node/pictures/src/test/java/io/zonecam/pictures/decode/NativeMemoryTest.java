package io.zonecam.pictures.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.pictures.image.ImageEncoder;
import io.zonecam.pictures.image.ImageFormat;
import io.zonecam.pictures.image.ImageSize;
import io.zonecam.pictures.testing.Clip;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * NativeMemoryTest decodes and encodes hundreds of times and checks that the process's resident memory stays
 * flat: every decoder context, packet, frame, scaler and encoder is freed. The JVM heap is fixed and touched at
 * start (surefire's argLine: -Xms = -Xmx, AlwaysPreTouch) so that resident memory moves only with native
 * allocations. A control leaks pictures on purpose and must be seen by the same measure.
 */
class NativeMemoryTest {

    private static final int ROUNDS = 600;
    /**
     * One leaked 640x360 4:2:0 frame is 346 KB: 600 of them are ~200 MB. Without a leak, malloc arenas and native
     * code pages still move resident memory by tens of MB on a busy machine (24 MB was once exceeded at 27 MB), so
     * the bound sits well between the two.
     */
    private static final long ALLOWED_GROWTH = 48L << 20;

    /** The control's leak: 300 frames, ~104 MB, twice the bound. */
    private static final int LEAKED = 300;

    private final FrameDecoder decoder = new FrameDecoder();
    private final ImageEncoder encoder = new ImageEncoder();

    @Test
    void repeatedSnapshotsDoNotGrowNativeMemory() throws IOException {
        Clip clip = Clip.get(Clip.H264_HIGH, "640x360", 50, 25, 1000);
        CodedVideo gop = clip.fragment(1);
        long middle = Clip.byPresentation(gop.units()).get(12).pts();
        AccessUnit key = gop.units().get(0);
        for (int i = 0; i < 100; i++) {
            snapshot(gop, middle, key);
        }
        long before = rssBytes();
        for (int i = 0; i < ROUNDS; i++) {
            snapshot(gop, middle, key);
        }
        long growth = rssBytes() - before;
        assertThat(growth)
                .as("resident memory growth after %d snapshots", ROUNDS)
                .isLessThan(ALLOWED_GROWTH);
    }

    @Test
    void theMeasureSeesALeak() throws IOException {
        Clip clip = Clip.get(Clip.H264_HIGH, "640x360", 50, 25, 1000);
        CodedVideo gop = clip.fragment(1);
        AccessUnit key = gop.units().get(0);
        long before = rssBytes();
        List<Picture> leaked = new ArrayList<>();
        try {
            for (int i = 0; i < LEAKED; i++) {
                leaked.add(decoder.decodeKeyframe(gop.track(), key));
            }
            assertThat(rssBytes() - before).as("%d unclosed pictures", LEAKED).isGreaterThan(ALLOWED_GROWTH);
        } finally {
            leaked.forEach(Picture::close);
        }
    }

    private void snapshot(CodedVideo gop, long instant, AccessUnit key) {
        try (Picture p = decoder.decodeAt(gop, instant, Selection.AT_OR_BEFORE)) {
            encoder.encode(p, ImageSize.FULL, ImageFormat.JPEG, 80);
            encoder.encode(p, ImageSize.W160, ImageFormat.JPEG, 70);
            encoder.encode(p, ImageSize.W640, ImageFormat.WEBP, 75);
        }
        try (Picture p = decoder.decodeKeyframe(gop.track(), key)) {
            encoder.encode(p, ImageSize.W160, ImageFormat.JPEG, 70);
        }
    }

    /** VmRSS of this process. */
    static long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS");
    }
}
