package io.zonecam.recording.playback;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.contracts.recording.RetentionClass;
import io.zonecam.recording.Recorder;
import io.zonecam.recording.RecorderConfig;
import io.zonecam.recording.RecordingMetrics;
import io.zonecam.recording.RecordingTarget;
import io.zonecam.recording.Spool;
import io.zonecam.recording.Uploader;
import io.zonecam.recording.index.CameraIndex;
import io.zonecam.recording.index.Timeline;
import io.zonecam.recording.store.ObjectStore;
import io.zonecam.recording.testing.Markers;
import io.zonecam.recording.testing.RangeHttpServer;
import io.zonecam.recording.testing.S3Server;
import io.zonecam.recording.testing.TestClip;
import io.zonecam.testing.Ffmpeg;
import io.zonecam.testing.NeedsFfmpeg;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Record → spool → upload to a real S3-compatible server → index → HLS over HTTP byte ranges → ffmpeg decodes
 * every frame, in order, none twice; and the same range as one MP4 clip.
 */
@NeedsFfmpeg
class RecordedPlaybackTest {

    static final long ANCHOR = 1_750_000_000_000_000L;
    static final String PREFIX = "zones/test/";

    @TempDir
    static Path dir;

    static S3Server s3;
    static ObjectStore store;
    static RangeHttpServer http;
    static TestClip clip;
    static Timeline timeline;
    static RecordingMetrics metrics = new RecordingMetrics();

    @BeforeAll
    static void recordAndUpload() throws Exception {
        clip = TestClip.get(12, 25, true);
        s3 = new S3Server();
        store = s3.store();
        http = new RangeHttpServer(store);
        try (Spool spool = Spool.open(dir.resolve("spool"), metrics)) {
            Uploader uploader = new Uploader(spool, store, Uploader.Config.defaults());
            uploader.start();
            Recorder r = new Recorder(
                    spool,
                    RecorderConfig.defaults().withObjectDuration(Duration.ofSeconds(4)),
                    new RecordingTarget(PREFIX, RetentionClass.R30, TestClip.CAMERA, "sessplay"),
                    clip.tracks(),
                    ANCHOR);
            clip.frames().forEach(r::push);
            r.close();
            assertThat(uploader.awaitIdle(Duration.ofSeconds(30))).isTrue();
            uploader.close();
        }
        CameraIndex index = new CameraIndex(store, PREFIX, CameraIndex.Config.defaults());
        timeline = index.timeline(
                TestClip.CAMERA, Instant.ofEpochMilli(ANCHOR / 1000), Instant.ofEpochMilli(ANCHOR / 1000 + 12_000));
    }

    @AfterAll
    static void stop() throws Exception {
        if (http != null) {
            http.close();
        }
        if (store != null) {
            store.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void uploadedObjectsAreListedWithSixFragmentsAndNoGapInside() {
        assertThat(metrics.uploadsOk()).isEqualTo(3);
        assertThat(timeline.objects()).hasSize(3);
        assertThat(timeline.segments()).hasSize(6);
        assertThat(timeline.segments()).noneMatch(Timeline.Segment::discontinuity);
        assertThat(timeline.overlaps(1000)).isEmpty();
        // The first picture is presented two frames (80 ms) after dts 0, within the 100 ms tolerance: no gap.
        assertThat(timeline.segments().get(0).startMicros()).isEqualTo(ANCHOR + 80_000);
        assertThat(timeline.gaps()).isEmpty();
    }

    @Test
    void ffmpegPlaysThePlaylistOverHttpByteRangesFrameForFrame() throws Exception {
        String playlist = HlsPlaylist.write(timeline, (key, offset, length) -> http.objectUrl(key));
        assertThat(playlist)
                .contains(
                        "#EXT-X-VERSION:7",
                        "#EXT-X-PLAYLIST-TYPE:VOD",
                        "#EXT-X-INDEPENDENT-SEGMENTS",
                        "#EXT-X-TARGETDURATION:2",
                        "#EXT-X-ENDLIST",
                        "#EXT-X-PROGRAM-DATE-TIME:2025-06-15T15:06:40.080Z");
        assertThat(playlist.lines().filter(l -> l.startsWith("#EXT-X-MAP:"))).hasSize(3);
        assertThat(playlist.lines().filter(l -> l.startsWith("#EXT-X-BYTERANGE:")))
                .hasSize(6);
        assertThat(playlist).doesNotContain("#EXT-X-DISCONTINUITY");
        String url = http.publish("/cam.m3u8", playlist);

        List<Long> markers = Markers.inVideoOf(dir, url);
        assertThat(markers)
                .containsExactlyElementsOf(
                        LongStream.range(0, clip.videoCount()).boxed().toList());

        Ffmpeg.Result decoded = Ffmpeg.run(
                dir, List.of("ffmpeg", "-v", "error", "-i", url, "-map", "0:v", "-map", "0:a", "-f", "framecrc", "-"));
        assertThat(decoded.exitCode()).isZero();
        assertThat(decoded.stderr()).isEmpty();
        assertThat(frames(decoded.stdout(), 0)).isEqualTo(clip.videoCount());
        assertThat(frames(decoded.stdout(), 1)).isEqualTo(clip.audioCount());
        assertThat(http.rangeRequests()).isGreaterThanOrEqualTo(6);
    }

    @Test
    void clipExportIsOneMp4ThatStartsAtZeroAndDecodesEveryFrame() throws Exception {
        Path file = dir.resolve("clip.mp4");
        long bytes;
        try (OutputStream out = Files.newOutputStream(file)) {
            bytes = new ClipExporter(store).writeTo(timeline, out);
        }
        assertThat(bytes).isEqualTo(Files.size(file));
        String probe = Ffmpeg.check(
                dir,
                "ffprobe",
                "-v",
                "error",
                "-count_frames",
                "-show_entries",
                "stream=codec_name,nb_read_frames,start_time",
                "-of",
                "csv=p=0",
                file.toString());
        // Decode time starts at 0; the first picture shows at its composition offset (two B-frames: 80 ms).
        List<String> streams = probe.lines().toList();
        assertThat(streams).hasSize(2);
        assertThat(streams.get(0)).isEqualTo("h264,0.080000," + clip.videoCount());
        assertThat(streams.get(1)).startsWith("aac,0.0").endsWith("," + clip.audioCount());
        Ffmpeg.Result decoded =
                Ffmpeg.run(dir, List.of("ffmpeg", "-v", "error", "-i", file.toString(), "-f", "framecrc", "-"));
        assertThat(decoded.stderr()).isEmpty();
        assertThat(frames(decoded.stdout(), 0)).isEqualTo(clip.videoCount());
        assertThat(Markers.inVideoOf(dir, file.toString()))
                .containsExactlyElementsOf(
                        LongStream.range(0, clip.videoCount()).boxed().toList());
    }

    @Test
    void clipOfTheMiddleHoldsOnlyTheFragmentsOverlappingTheRange() throws Exception {
        CameraIndex index = new CameraIndex(store, PREFIX, CameraIndex.Config.defaults());
        long from = ANCHOR / 1000 + 4_500;
        Timeline middle =
                index.timeline(TestClip.CAMERA, Instant.ofEpochMilli(from), Instant.ofEpochMilli(from + 3000));
        assertThat(middle.segments()).hasSize(2);
        Path file = dir.resolve("middle.mp4");
        try (OutputStream out = Files.newOutputStream(file)) {
            new ClipExporter(store).writeTo(middle, out);
        }
        assertThat(Markers.inVideoOf(dir, file.toString()))
                .containsExactlyElementsOf(LongStream.range(100, 200).boxed().toList());
    }

    /** Counts framecrc lines of one stream index. */
    static long frames(String framecrc, int stream) {
        return framecrc.lines()
                .filter(l -> !l.startsWith("#") && l.startsWith(stream + ","))
                .count();
    }
}
