package io.zonecam.pictures.thumbs;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.pictures.decode.AccessUnit;
import io.zonecam.pictures.decode.CodedVideo;
import io.zonecam.pictures.testing.Clip;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CameraThumbnailsTest runs two and a half hours of a camera's keyframes (a real H.264 keyframe every 2 s of
 * capture time) through the per-camera thumbnailer: one pack per camera-hour with 360 pictures at 10 s cells,
 * one more for the half hour when the session ends, and the grid's latest picture kept.
 */
class CameraThumbnailsTest {

    private static final long HOUR = 1_750_000_000L / 3600 * 3600 * 1_000_000L;

    @TempDir
    Path tmp;

    @Test
    void onePackPerCameraHourOfPicturesEveryTenSeconds() throws Exception {
        Clip clip = Clip.get(Clip.H264_HIGH);
        CodedVideo gop = clip.fragment(0);
        AccessUnit key = gop.units().get(0);
        AccessUnit other = gop.units().get(1);
        List<ThumbnailPackWriter.Finished> packs = new ArrayList<>();
        CameraThumbnails camera = new CameraThumbnails(
                "cam/1", tmp, Thumbnailer.defaults(), new ThumbnailSchedule(Duration.ofSeconds(10)), packs::add);
        long start = HOUR + 400_000; // keyframes 0.4 s after each 2 s mark
        int taken = 0;
        for (long t = start; t < start + 9_000_000_000L; t += 2_000_000) {
            taken += camera.offer(gop.track(), key, t).isPresent() ? 1 : 0;
            assertThat(camera.offer(gop.track(), other, t + 40_000))
                    .as("not a keyframe")
                    .isEmpty();
        }
        assertThat(packs).as("two whole hours finished").hasSize(2);
        camera.close();
        assertThat(packs).hasSize(3);
        assertThat(taken).isEqualTo(360 + 360 + 180);
        assertThat(camera.failures()).isZero();
        CameraThumbnails.Latest latest = camera.latest().orElseThrow();
        assertThat(latest.captureMicros()).isEqualTo(HOUR + 2 * 3_600_000_000L + 1790_000_000L + 400_000);
        assertThat(latest.image().width()).isEqualTo(160);

        for (int h = 0; h < 3; h++) {
            ThumbnailPackWriter.Finished f = packs.get(h);
            assertThat(f.hourMicros()).isEqualTo(HOUR + h * 3_600_000_000L);
            assertThat(f.file().getFileName().toString()).startsWith("cam_1-").endsWith(ThumbnailPack.SUFFIX);
            byte[] pack = Files.readAllBytes(f.file());
            ThumbnailPackIndex index = ThumbnailPackIndex.parse(pack, pack.length);
            assertThat(index.entries()).hasSize(h < 2 ? 360 : 180);
            for (int i = 0; i < index.entries().size(); i++) {
                assertThat(index.entries().get(i).captureMicros())
                        .isEqualTo(f.hourMicros() + i * 10_000_000L + 400_000);
            }
            ThumbnailPack.Entry e = index.entries().get(100);
            byte[] jpeg = ThumbnailPackReader.picture((o, l) -> Arrays.copyOfRange(pack, (int) o, (int) (o + l)), e);
            assertThat(jpeg).isEqualTo(latest.image().data());
        }
        try (var files = Files.list(tmp)) {
            assertThat(files.count()).as("no unfinished pack left").isEqualTo(3);
        }
    }

    @Test
    void brokenKeyframesAreCountedAndSkipped() throws Exception {
        Clip clip = Clip.get(Clip.H264_HIGH);
        CodedVideo gop = clip.fragment(0);
        AccessUnit key = gop.units().get(0);
        byte[] garbage = new byte[300];
        Arrays.fill(garbage, (byte) 0x7f);
        List<ThumbnailPackWriter.Finished> packs = new ArrayList<>();
        try (CameraThumbnails camera = new CameraThumbnails(
                "cam-2", tmp, Thumbnailer.defaults(), new ThumbnailSchedule(Duration.ofSeconds(10)), packs::add)) {
            assertThat(camera.offer(gop.track(), new AccessUnit(0, 0, 0, true, garbage), HOUR))
                    .isEmpty();
            assertThat(camera.offer(gop.track(), key, HOUR + 10_000_000)).isPresent();
            assertThat(camera.failures()).isEqualTo(1);
        }
        assertThat(packs).hasSize(1);
        assertThat(packs.get(0).entries()).hasSize(1);
    }
}
