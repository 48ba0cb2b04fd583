package io.zonecam.pictures.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.contracts.recording.RetentionClass;
import io.zonecam.media.frame.Codec;
import io.zonecam.media.frame.MediaFrame;
import io.zonecam.media.frame.TrackInfo;
import io.zonecam.media.h264.AvcDecoderConfigurationRecord;
import io.zonecam.media.h265.HevcDecoderConfigurationRecord;
import io.zonecam.pictures.decode.AccessUnit;
import io.zonecam.pictures.decode.CodedVideo;
import io.zonecam.pictures.decode.Selection;
import io.zonecam.pictures.decode.VideoTrack;
import io.zonecam.pictures.image.EncodedImage;
import io.zonecam.pictures.image.ImageFormat;
import io.zonecam.pictures.image.ImageSize;
import io.zonecam.pictures.testing.Clip;
import io.zonecam.pictures.testing.Pixels;
import io.zonecam.recording.Recorder;
import io.zonecam.recording.RecorderConfig;
import io.zonecam.recording.RecordingMetrics;
import io.zonecam.recording.RecordingTarget;
import io.zonecam.recording.Spool;
import io.zonecam.recording.Uploader;
import io.zonecam.recording.index.CameraIndex;
import io.zonecam.recording.index.Timeline;
import io.zonecam.recording.store.FileSystemObjectStore;
import io.zonecam.recording.store.ObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RecordedSnapshotTest goes the way a snapshot of a recording will go on a node: the clip's frames are recorded by
 * the recording module (spool, objects of 2 s, uploaded to a filesystem store), the time index finds the fragment
 * holding a wall-clock instant, its bytes and the object's init are read from the store, and the snapshot is taken
 * at the instant's media time. The JPEG must show the frame ffmpeg decodes at that instant (PSNR), and not its
 * neighbours.
 */
class RecordedSnapshotTest {

    private static final long ANCHOR = 1_750_000_000_000_000L;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {Clip.H264_HIGH, Clip.H265_MAIN})
    void aWallClockInstantOfARecordingGivesFfmpegsFrameThen(String kind) throws Exception {
        Clip clip = Clip.get(kind);
        ObjectStore store = new FileSystemObjectStore(Files.createDirectories(tmp.resolve("store")));
        VideoTrack track = record(clip, store);
        CameraIndex index = new CameraIndex(store, "zones/test/", CameraIndex.Config.defaults());
        byte[] reference = clip.reference("rgb24", null);
        int frameBytes = clip.width() * clip.height() * 3;
        List<Long> pts = clip.presentationTimes();
        Snapshots snapshots = new Snapshots();
        for (int n : new int[] {0, 13, 25, 37, 49, 51, 62, 73}) {
            long instant = ANCHOR + track.micros(pts.get(n)) + 20_000; // half a frame later
            Timeline timeline = index.timeline(
                    "cam-1",
                    Instant.EPOCH.plusNanos((instant - 1_000_000) * 1000),
                    Instant.EPOCH.plusNanos((instant + 1_000_000) * 1000));
            Timeline.Segment segment = timeline.segments().stream()
                    .filter(s -> s.startMicros() <= instant && instant < s.endMicros())
                    .findFirst()
                    .orElseThrow();
            List<byte[]> fragments = new ArrayList<>();
            int i = timeline.segments().indexOf(segment);
            if (i > 0) {
                Timeline.Segment before = timeline.segments().get(i - 1);
                fragments.add(store.read(before.key(), before.offset(), (int) before.length()));
            }
            fragments.add(store.read(segment.key(), segment.offset(), (int) segment.length()));
            CodedVideo video = CodedVideo.fromFragments(segment.object().index().init(), fragments);
            long media = segment.mediaStartMicros() + (instant - segment.startMicros());
            EncodedImage jpeg =
                    snapshots.snapshot(video, media, Selection.AT_OR_BEFORE, ImageSize.FULL, ImageFormat.JPEG, 90);
            byte[] rgb = Pixels.jpegToRgb(jpeg.data());
            double same = Pixels.psnr(rgb, Pixels.frame(reference, n, frameBytes));
            assertThat(same).as("frame %d", n).isGreaterThan(36);
            if (n > 0) {
                assertThat(Pixels.psnr(rgb, Pixels.frame(reference, n - 1, frameBytes)))
                        .isLessThan(same - 8);
            }
            assertThat(Pixels.psnr(rgb, Pixels.frame(reference, n + 1, frameBytes)))
                    .isLessThan(same - 8);
            assertThat(jpeg.ptsMicros()).isEqualTo(track.micros(pts.get(n)));
        }
    }

    /** Records the clip's video as camera cam-1 with objects of 2 s; returns its track. */
    private VideoTrack record(Clip clip, ObjectStore store) throws Exception {
        CodedVideo all = clip.all();
        VideoTrack track = all.track();
        List<byte[]> sets = track.codec() == Codec.H265
                ? HevcDecoderConfigurationRecord.parse(track.decoderConfig()).parameterSets()
                : AvcDecoderConfigurationRecord.parse(track.decoderConfig()).parameterSets();
        TrackInfo info = TrackInfo.video(1, track.codec(), (int) track.timescale(), sets, 0, 0);
        try (Spool spool = Spool.open(Files.createDirectories(tmp.resolve("spool")), new RecordingMetrics())) {
            Uploader uploader = new Uploader(spool, store, Uploader.Config.defaults());
            uploader.start();
            Recorder recorder = new Recorder(
                    spool,
                    RecorderConfig.defaults()
                            .withObjectDuration(Duration.ofSeconds(2))
                            .withClock(() -> ANCHOR),
                    new RecordingTarget("zones/test/", RetentionClass.R7, "cam-1", "session001"),
                    List.of(info),
                    ANCHOR);
            for (AccessUnit u : all.units()) {
                recorder.push(new MediaFrame(1, u.dts(), u.pts(), u.keyframe(), u.data()));
            }
            recorder.close();
            assertThat(uploader.awaitIdle(Duration.ofSeconds(30))).isTrue();
            uploader.close();
        }
        return track;
    }
}
