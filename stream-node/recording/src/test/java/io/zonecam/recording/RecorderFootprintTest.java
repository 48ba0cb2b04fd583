package io.zonecam.recording;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.recording.bench.RecordingHarness;
import io.zonecam.recording.testing.TestClip;
import io.zonecam.testing.NeedsFfmpeg;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Small versions of the bench: heap per recording camera stays under the 1 MiB; overhead and PUTs. */
class RecorderFootprintTest {

    @TempDir
    Path dir;

    @Test
    @NeedsFfmpeg
    void heapPerRecordingCameraStaysUnderOneMebibyte() throws Exception {
        TestClip clip = TestClip.get(12, 25, true);
        RecordingHarness.Heap heap = RecordingHarness.heapPerCamera(dir, clip, 40, 5);
        assertThat(heap.maxBytesPerCamera()).isLessThan(1L << 20);
    }

    @Test
    @NeedsFfmpeg
    void storedBytesAreTheFramesPlusBoxMetadataOnlyAndObjectsMatchTheirDuration() throws Exception {
        TestClip clip = TestClip.get(12, 25, true);
        RecordingHarness.Throughput t = RecordingHarness.throughput(dir, clip, 2, 5, Duration.ofSeconds(60));
        assertThat(t.objects()).as("60 s of media per camera, 60 s objects").isEqualTo(2);
        // trun entries are 16 bytes per video sample and 8 per audio sample; moof/traf/tfdt, init, sidx per object.
        long frames = 2L * 5 * clip.frames().size();
        assertThat(t.bytesStored() - t.bytesIn())
                .isPositive()
                .isLessThan(frames * 16 + 2L * 30 * 200 + t.objects() * 4096);
    }
}
