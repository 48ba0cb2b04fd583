package io.zonecam.media.fmp4;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.media.aac.Adts;
import io.zonecam.media.aac.AudioSpecificConfig;
import io.zonecam.media.bits.ByteSlice;
import io.zonecam.media.frame.Codec;
import io.zonecam.media.frame.MediaFrame;
import io.zonecam.media.frame.TrackInfo;
import io.zonecam.media.h264.AnnexB;
import io.zonecam.media.h264.FrameMarker;
import io.zonecam.media.h264.H264Nal;
import io.zonecam.media.h264.LengthPrefixed;
import io.zonecam.media.h265.H265Nal;
import io.zonecam.media.timing.DtsEstimator;
import io.zonecam.testing.Ffmpeg;
import io.zonecam.testing.NeedsFfmpeg;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real-peer checks: ffmpeg encodes tiny clips, this library parses the elementary streams and muxes CMAF, and
 * ffprobe/ffmpeg must read back every frame without complaint.
 */
@NeedsFfmpeg
class FfmpegInteropTest {

    @TempDir
    static Path dir;

    private static void encodeHigh() throws Exception {
        if (Files.exists(dir.resolve("high.mp4"))) {
            return;
        }
        Ffmpeg.encodeTestPattern(
                dir,
                "high.mp4",
                "320x240",
                true,
                4,
                List.of(
                        "-c:v",
                        "libx264",
                        "-profile:v",
                        "high",
                        "-bf",
                        "2",
                        "-g",
                        "25",
                        "-pix_fmt",
                        "yuv420p",
                        "-c:a",
                        "aac",
                        "-ac",
                        "2",
                        "-b:a",
                        "64k"));
    }

    @Test
    void bFramesWithPresentationTimesOnlyGetDecodeTimesThatFfmpegAccepts() throws Exception {
        encodeHigh();
        Clip clip = extract("high.mp4", Codec.H264, "h264", "h264_mp4toannexb");
        // What RTP delivers: pts only, in decode order. Re-derive dts as the ingest would.
        io.zonecam.media.h264.H264Sps sps = io.zonecam.media.h264.H264Sps.parse(clip.parameterSets.get(0));
        DtsEstimator estimator = new DtsEstimator(sps.maxNumReorderFrames());
        List<MediaFrame> frames = new ArrayList<>();
        for (MediaFrame f : clip.video) {
            estimator.push(new MediaFrame(1, f.pts(), f.pts(), f.keyframe(), f.data()), frames::add);
        }
        estimator.flush(frames::add);
        assertThat(estimator.adjusted()).isZero();
        TrackInfo v = TrackInfo.video(1, Codec.H264, 90000, clip.parameterSets, 0, 0);
        List<Fragment> fragments = mux(List.of(v), frames, "high-rtp-out.mp4");
        assertThat(framesIn(fragments)).isEqualTo(frames.size());
        assertProbed("high-rtp-out.mp4", "v:0", Map.of("nb_read_frames", Integer.toString(frames.size())));
        decodesWithoutErrors("high-rtp-out.mp4");
    }

    @Test
    void h264HighWithBFramesAndAacMuxesToFragmentsFfmpegDecodesCompletely() throws Exception {
        encodeHigh();
        Clip clip = extract("high.mp4", Codec.H264, "h264", "h264_mp4toannexb");
        assertThat(clip.video.stream().anyMatch(f -> f.pts() != f.dts()))
                .as("B-frames present")
                .isTrue();
        List<MediaFrame> audio = aacFrames("high.mp4");
        AudioSpecificConfig asc = aacConfig("high.mp4");

        TrackInfo v = TrackInfo.video(1, Codec.H264, 90000, clip.parameterSets, 0, 0);
        TrackInfo a = TrackInfo.audio(2, Codec.AAC, 48000, asc.toByteArray(), 48000, 2);
        List<Fragment> fragments = mux(List.of(v, a), interleave(clip.video, audio), "high-out.mp4");

        assertThat(fragments).hasSizeGreaterThanOrEqualTo(2);
        assertThat(fragments).allMatch(Fragment::keyframe);
        assertThat(framesIn(fragments)).isEqualTo(clip.video.size());
        // The markers put into every picture come back in order, none lost, none repeated.
        long expected = 0;
        for (Fragment f : fragments) {
            assertThat(f.firstMarker().frameCounter()).isEqualTo(expected);
            assertThat(f.lastMarker().frameCounter()).isEqualTo(expected + f.frameCount() - 1);
            expected += f.frameCount();
        }
        assertProbed(
                "high-out.mp4",
                "v:0",
                Map.of(
                        "codec_name", "h264",
                        "profile", "High",
                        "width", "320",
                        "height", "240",
                        "nb_read_frames", Integer.toString(clip.video.size())));
        assertProbed(
                "high-out.mp4",
                "a:0",
                Map.of(
                        "codec_name", "aac",
                        "channels", "2",
                        "sample_rate", "48000",
                        "nb_read_frames", Integer.toString(audio.size())));
        decodesWithoutErrors("high-out.mp4");
    }

    @Test
    void h264BaselineWithCroppingMuxesVideoOnly() throws Exception {
        Ffmpeg.encodeTestPattern(
                dir,
                "base.mp4",
                "320x180",
                false,
                3,
                List.of(
                        "-c:v",
                        "libx264",
                        "-profile:v",
                        "baseline",
                        "-g",
                        "30",
                        "-pix_fmt",
                        "yuv420p",
                        "-x264-params",
                        "repeat-headers=1"));
        Clip clip = extract("base.mp4", Codec.H264, "h264", "h264_mp4toannexb");
        assertThat(clip.video).allMatch(f -> f.pts() == f.dts());
        TrackInfo v = TrackInfo.video(1, Codec.H264, 90000, clip.parameterSets, 0, 0);
        List<Fragment> fragments = mux(List.of(v), clip.video, "base-out.mp4");
        assertThat(framesIn(fragments)).isEqualTo(clip.video.size());
        assertProbed(
                "base-out.mp4",
                "v:0",
                Map.of("width", "320", "height", "180", "nb_read_frames", Integer.toString(clip.video.size())));
        decodesWithoutErrors("base-out.mp4");
    }

    @Test
    void h265AndOpusMuxToFragmentsFfmpegDecodesCompletely() throws Exception {
        Ffmpeg.encodeTestPattern(
                dir,
                "hevc.mp4",
                "320x240",
                true,
                3,
                List.of(
                        "-c:v",
                        "libx265",
                        "-preset",
                        "ultrafast",
                        "-x265-params",
                        "log-level=error:keyint=25:bframes=0",
                        "-pix_fmt",
                        "yuv420p",
                        "-tag:v",
                        "hvc1",
                        "-c:a",
                        "libopus",
                        "-ac",
                        "2"));
        Clip clip = extract("hevc.mp4", Codec.H265, "hevc", "hevc_mp4toannexb");
        List<MediaFrame> opus = rawFrames("hevc.mp4", "a:0", 2);
        TrackInfo v = TrackInfo.video(1, Codec.H265, 90000, clip.parameterSets, 0, 0);
        TrackInfo a = TrackInfo.audio(2, Codec.OPUS, 48000, new byte[0], 48000, 2);
        List<Fragment> fragments = mux(List.of(v, a), interleave(clip.video, opus), "hevc-out.mp4");
        assertThat(framesIn(fragments)).isEqualTo(clip.video.size());
        assertThat(fragments.get(0).firstMarker()).isNotNull();
        assertProbed(
                "hevc-out.mp4",
                "v:0",
                Map.of(
                        "codec_name", "hevc",
                        "width", "320",
                        "height", "240",
                        "nb_read_frames", Integer.toString(clip.video.size())));
        assertProbed(
                "hevc-out.mp4", "a:0", Map.of("codec_name", "opus", "nb_read_frames", Integer.toString(opus.size())));
        decodesWithoutErrors("hevc-out.mp4");
    }

    /** Video access units with 90 kHz timestamps from ffprobe and frame markers added, plus parameter sets. */
    private record Clip(List<MediaFrame> video, List<byte[]> parameterSets) {}

    private static Clip extract(String file, Codec codec, String format, String bsf) throws Exception {
        String es = file + "." + format;
        Ffmpeg.check(
                dir, "ffmpeg", "-v", "error", "-y", "-i", file, "-map", "0:v:0", "-c", "copy", "-bsf:v", bsf, "-f",
                format, es);
        byte[] stream = Files.readAllBytes(dir.resolve(es));
        List<byte[]> units = AnnexB.accessUnits(stream, codec);
        List<Map<String, String>> packets = Ffmpeg.packets(dir, file, "v:0", "pts,dts,size,flags");
        assertThat(units).as("access units found by the Annex B splitter").hasSize(packets.size());
        long tb = timebase(file, "v:0");
        List<MediaFrame> frames = new ArrayList<>();
        List<byte[]> sets = new ArrayList<>();
        for (int i = 0; i < units.size(); i++) {
            byte[] au = units.get(i);
            boolean key = codec == Codec.H264 ? H264Nal.containsIdr(au) : H265Nal.containsIrap(au);
            assertThat(key).isEqualTo(packets.get(i).get("flags").startsWith("K"));
            if (sets.isEmpty()) {
                for (ByteSlice n : LengthPrefixed.split(au)) {
                    int h = n.get(0);
                    boolean ps = codec == Codec.H264
                            ? (H264Nal.type(h) == H264Nal.SPS || H264Nal.type(h) == H264Nal.PPS)
                            : (H265Nal.type(h) >= H265Nal.VPS && H265Nal.type(h) <= H265Nal.PPS);
                    if (ps) {
                        sets.add(n.toByteArray());
                    }
                }
            }
            long pts = Long.parseLong(packets.get(i).get("pts")) * 90000 / tb;
            long dts = Long.parseLong(packets.get(i).get("dts")) * 90000 / tb;
            byte[] marked =
                    new FrameMarker("cam-interop", i, 1_700_000_000_000_000L + i * 40_000L).insertInto(au, codec);
            frames.add(new MediaFrame(1, dts, pts, key, marked));
        }
        return new Clip(frames, sets);
    }

    private static long timebase(String file, String stream) throws Exception {
        String tb = Ffmpeg.stream(dir, file, stream, "time_base").get("time_base");
        String[] parts = tb.split("/");
        assertThat(parts[0]).isEqualTo("1");
        return Long.parseLong(parts[1]);
    }

    private static AudioSpecificConfig aacConfig(String file) throws Exception {
        byte[] adts = adts(file);
        return Adts.parseHeader(adts, 0, adts.length).toConfig();
    }

    private static byte[] adts(String file) throws Exception {
        String out = file + ".aac";
        if (!Files.exists(dir.resolve(out))) {
            Ffmpeg.check(
                    dir, "ffmpeg", "-v", "error", "-y", "-i", file, "-map", "0:a:0", "-c", "copy", "-f", "adts", out);
        }
        return Files.readAllBytes(dir.resolve(out));
    }

    private static List<MediaFrame> aacFrames(String file) throws Exception {
        List<ByteSlice> raw = Adts.frames(adts(file));
        List<Map<String, String>> packets = Ffmpeg.packets(dir, file, "a:0", "pts,dts,size,flags");
        assertThat(raw).hasSize(packets.size());
        long tb = timebase(file, "a:0");
        List<MediaFrame> frames = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            long t = Long.parseLong(packets.get(i).get("dts")) * 48000 / tb;
            frames.add(new MediaFrame(2, t, t, true, raw.get(i).toByteArray()));
        }
        return frames;
    }

    /** Packets of a stream as they are in the container, split by ffprobe's packet sizes. */
    private static List<MediaFrame> rawFrames(String file, String stream, int trackId) throws Exception {
        String out = file + "." + trackId + ".bin";
        Ffmpeg.check(
                dir, "ffmpeg", "-v", "error", "-y", "-i", file, "-map", "0:" + stream, "-c", "copy", "-f", "data", out);
        byte[] data = Files.readAllBytes(dir.resolve(out));
        List<Map<String, String>> packets = Ffmpeg.packets(dir, file, stream, "pts,dts,size,flags");
        long tb = timebase(file, stream);
        List<MediaFrame> frames = new ArrayList<>();
        int pos = 0;
        for (Map<String, String> p : packets) {
            int size = Integer.parseInt(p.get("size"));
            byte[] frame = java.util.Arrays.copyOfRange(data, pos, pos + size);
            pos += size;
            long dts = Long.parseLong(p.get("dts"));
            if (dts < 0) {
                continue; // Opus pre-skip packets before time zero: not part of the presentation
            }
            long t = dts * 48000 / tb;
            frames.add(new MediaFrame(trackId, t, t, true, frame));
        }
        assertThat(pos).isEqualTo(data.length);
        return frames;
    }

    private static List<MediaFrame> interleave(List<MediaFrame> video, List<MediaFrame> audio) {
        List<MediaFrame> all = new ArrayList<>(video);
        all.addAll(audio);
        // Sort by wall time as a camera would deliver: video at 90 kHz, audio at 48 kHz; stable within a track.
        all.sort(Comparator.comparingDouble(f -> f.trackId() == 1 ? f.dts() / 90000.0 : f.dts() / 48000.0));
        return all;
    }

    private static List<Fragment> mux(List<TrackInfo> tracks, List<MediaFrame> frames, String out) throws Exception {
        List<Fragment> fragments = new ArrayList<>();
        Fragmenter fragmenter =
                new Fragmenter(tracks, new Fragmenter.Config(1_000_000, 10_000_000, 8 << 20), fragments::add);
        frames.forEach(fragmenter::push);
        fragmenter.flush();
        assertThat(fragmenter.dropped()).isZero();
        assertThat(fragmenter.skipped()).isZero();
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(fragmenter.initSegment());
        for (Fragment f : fragments) {
            file.writeBytes(f.data());
        }
        Files.write(dir.resolve(out), file.toByteArray());
        return fragments;
    }

    private static int framesIn(List<Fragment> fragments) {
        return fragments.stream().mapToInt(Fragment::frameCount).sum();
    }

    /** Asserts that ffprobe reads each field of {@code expected} with its value for {@code stream} of {@code file}. */
    private static void assertProbed(String file, String stream, Map<String, String> expected) throws Exception {
        Map<String, String> probed = Ffmpeg.stream(dir, file, stream, String.join(",", expected.keySet()));
        assertThat(probed).containsAllEntriesOf(expected);
    }

    private static void decodesWithoutErrors(String file) throws Exception {
        Ffmpeg.Result r = Ffmpeg.run(dir, List.of("ffmpeg", "-v", "error", "-i", file, "-f", "null", "-"));
        assertThat(r.exitCode()).isZero();
        assertThat(r.stderr()).isEmpty();
    }
}
