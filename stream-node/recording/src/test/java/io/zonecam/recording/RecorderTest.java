package io.zonecam.recording;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.contracts.recording.RetentionClass;
import io.zonecam.media.frame.MediaFrame;
import io.zonecam.recording.format.ObjectIndex;
import io.zonecam.recording.testing.Markers;
import io.zonecam.recording.testing.TestClip;
import io.zonecam.testing.Ffmpeg;
import io.zonecam.testing.NeedsFfmpeg;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recorder turns real ffmpeg frames into self-describing objects that ffprobe reads frame for frame. */
@NeedsFfmpeg
class RecorderTest {

    static final long ANCHOR = 1_750_000_000_000_000L; // 2025-06-15T15:06:40Z

    @TempDir
    Path dir;

    static RecordingTarget target(String session) {
        return new RecordingTarget("zones/test/", RetentionClass.R7, TestClip.CAMERA, session);
    }

    static RecorderConfig config(Duration objectDuration) {
        return RecorderConfig.defaults().withObjectDuration(objectDuration).withClock(() -> ANCHOR);
    }

    private final RecordingMetrics metrics = new RecordingMetrics();
    private TestClip clip;
    private Spool spool;

    @BeforeEach
    void openSpool() throws Exception {
        clip = TestClip.get(12, 25, true);
        spool = Spool.open(dir.resolve("spool"), metrics);
    }

    @AfterEach
    void closeSpool() throws Exception {
        spool.close();
    }

    private Recorder recorder(Duration objectDuration, String session) {
        return new Recorder(spool, config(objectDuration), target(session), clip.tracks(), ANCHOR);
    }

    @Test
    void objectsOfFourSecondsEachHoldEveryFrameOnceAndFfprobeReadsThem() throws Exception {
        Recorder r = recorder(Duration.ofSeconds(4), "sessaaaa");
        clip.frames().forEach(r::push);
        r.close();
        assertThat(r.stats().framesRecorded()).isEqualTo(clip.videoCount());
        assertThat(r.stats().framesDropped()).isZero();

        List<ReadyObject> ready = spool.scanReady();
        assertThat(ready).hasSize(3);
        assertThat(spool.readyCount()).isEqualTo(3);
        assertThat(metrics.objectsFinalized()).isEqualTo(3);
        assertThat(metrics.fragmentsWritten()).isEqualTo(6);
        List<Long> counters = new ArrayList<>();
        long previousEnd = -1;
        for (ReadyObject o : ready.stream()
                .sorted((a, b) -> Long.compare(a.key().startMillis(), b.key().startMillis()))
                .toList()) {
            byte[] bytes = Files.readAllBytes(o.file());
            ObjectIndex idx = ObjectIndex.parse(Arrays.copyOf(bytes, 4096), bytes.length);
            assertThat(idx.fragmentCount()).isEqualTo(2);
            assertThat(o.key().durationMillis()).isEqualTo(4000);
            if (previousEnd >= 0) {
                assertThat(o.key().startMillis())
                        .as("objects of a session follow each other")
                        .isEqualTo(previousEnd);
            }
            previousEnd = o.key().endMillis();
            List<Long> inObject = Markers.inObject(bytes);
            counters.addAll(inObject);
            assertThat(Ffmpeg.stream(dir, o.file().toString(), "v:0", "codec_name,nb_read_frames"))
                    .containsEntry("codec_name", "h264")
                    .containsEntry("nb_read_frames", Integer.toString(inObject.size()));
            Ffmpeg.Result decode = Ffmpeg.run(
                    dir, List.of("ffmpeg", "-v", "error", "-i", o.file().toString(), "-f", "null", "-"));
            assertThat(decode.exitCode()).isZero();
            assertThat(decode.stderr()).isEmpty();
        }
        assertThat(counters)
                .containsExactlyElementsOf(
                        LongStream.range(0, clip.videoCount()).boxed().toList());
        // The key starts at the presentation time of the first picture (B-frames delay it by two frames).
        long firstPts = clip.video().get(0).pts();
        assertThat(ready.stream().mapToLong(o -> o.key().startMillis()).min().orElseThrow())
                .isEqualTo(ANCHOR / 1000 + firstPts / 90);
    }

    @Test
    void framesBeforeTheFirstKeyframeAreDroppedAndCounted() throws Exception {
        Recorder r = recorder(Duration.ofSeconds(60), "sessbbbb");
        List<MediaFrame> video = clip.video();
        for (MediaFrame f : video.subList(10, video.size())) {
            r.push(f);
        }
        r.close();
        assertThat(r.stats().framesRecorded()).isEqualTo(video.size() - 25);
        assertThat(r.stats().framesDropped()).isEqualTo(15);
        assertThat(metrics.framesDropped()).isEqualTo(15);
    }
}
