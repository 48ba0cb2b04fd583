package io.zonecam.recording.testing;

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
import io.zonecam.testing.Ffmpeg;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * TestClip is a short H.264 + AAC clip encoded by ffmpeg at test time and demuxed with the media module's
 * parsers into MediaFrames: video with a frame marker (camera id, counter 0..n-1) in every picture, 90 kHz
 * timestamps, audio at 48 kHz, both shifted so that the first dts is 0. Clips are made once per JVM and cached.
 *
 * @param tracks     video (track 1, parameter sets from the stream) and audio (track 2)
 * @param frames     all frames interleaved by decode time
 * @param videoCount video frames
 * @param audioCount audio frames
 * @param gopFrames  frames per GOP
 */
public record TestClip(List<TrackInfo> tracks, List<MediaFrame> frames, int videoCount, int audioCount, int gopFrames) {

    /** Camera id written in the markers. */
    public static final String CAMERA = "cam-1";

    private static final Map<String, TestClip> CACHE = new ConcurrentHashMap<>();
    private static volatile Path dir;

    /** A 25 fps 320x240 clip: High profile with 2 B-frames when {@code bFrames}, else Main without. */
    public static TestClip get(int seconds, int gopFrames, boolean bFrames) throws IOException, InterruptedException {
        return get(seconds, gopFrames, bFrames, "320x240", 0);
    }

    /** A 25 fps clip of {@code size} (e.g. 1280x720) at {@code kbps} (0: encoder default quality). */
    public static TestClip get(int seconds, int gopFrames, boolean bFrames, String size, int kbps)
            throws IOException, InterruptedException {
        String name = "clip-" + seconds + "-" + gopFrames + "-" + bFrames + "-" + size + "-" + kbps;
        TestClip c = CACHE.get(name);
        if (c == null) {
            synchronized (CACHE) {
                c = CACHE.get(name);
                if (c == null) {
                    c = make(name, seconds, gopFrames, bFrames, size, kbps);
                    CACHE.put(name, c);
                }
            }
        }
        return c;
    }

    /** The video frames only. */
    public List<MediaFrame> video() {
        return frames.stream().filter(f -> f.trackId() == 1).toList();
    }

    /** Video duration in 90 kHz ticks (frames × 3600). */
    public long videoTicks() {
        return videoCount * 3600L;
    }

    private static Path dir() throws IOException {
        if (dir == null) {
            synchronized (TestClip.class) {
                if (dir == null) {
                    Path d = Files.createTempDirectory("zonecam-clips");
                    d.toFile().deleteOnExit();
                    dir = d;
                }
            }
        }
        return dir;
    }

    private static TestClip make(String name, int seconds, int gop, boolean bFrames, String size, int kbps)
            throws IOException, InterruptedException {
        Path d = dir();
        String mp4 = name + ".mp4";
        List<String> options = new ArrayList<>(Ffmpeg.x264FixedGop(gop));
        options.addAll(List.of("-pix_fmt", "yuv420p"));
        if (kbps > 0) {
            String rate = kbps + "k";
            options.addAll(List.of("-b:v", rate, "-maxrate", rate, "-bufsize", (kbps * 2) + "k"));
        }
        options.addAll(bFrames ? List.of("-profile:v", "high", "-bf", "2") : List.of("-profile:v", "main", "-bf", "0"));
        options.addAll(List.of("-c:a", "aac", "-ac", "1", "-b:a", "48k"));
        Ffmpeg.encodeLavfi(
                d,
                mp4,
                "testsrc=size=" + size + ":rate=25" + (kbps > 0 ? ",noise=alls=10:allf=t" : ""),
                true,
                seconds,
                options);
        Ffmpeg.extractH264(d, mp4, d.resolve(name + ".h264"));
        Ffmpeg.check(
                d,
                "ffmpeg",
                "-v",
                "error",
                "-y",
                "-i",
                mp4,
                "-map",
                "0:a:0",
                "-c",
                "copy",
                "-f",
                "adts",
                name + ".aac");

        List<byte[]> units = AnnexB.accessUnits(Files.readAllBytes(d.resolve(name + ".h264")), Codec.H264);
        List<long[]> vts = packets(d, mp4, "v:0");
        if (units.size() != vts.size()) {
            throw new IllegalStateException(units.size() + " access units but " + vts.size() + " packets");
        }
        List<byte[]> sets = new ArrayList<>();
        for (ByteSlice n : LengthPrefixed.split(units.get(0))) {
            int t = H264Nal.type(n.get(0));
            if (t == H264Nal.SPS || t == H264Nal.PPS) {
                sets.add(n.toByteArray());
            }
        }
        long minDts = vts.stream().mapToLong(p -> p[1]).min().orElse(0);
        long vtb = vts.get(0)[2];
        List<MediaFrame> frames = new ArrayList<>();
        for (int i = 0; i < units.size(); i++) {
            long pts = (vts.get(i)[0] - minDts) * 90000 / vtb;
            long dts = (vts.get(i)[1] - minDts) * 90000 / vtb;
            byte[] au = new FrameMarker(CAMERA, i, 1_700_000_000_000_000L + i * 40_000L)
                    .insertInto(units.get(i), Codec.H264);
            frames.add(new MediaFrame(1, dts, pts, H264Nal.containsIdr(au), au));
        }
        byte[] adts = Files.readAllBytes(d.resolve(name + ".aac"));
        AudioSpecificConfig asc = Adts.parseHeader(adts, 0, adts.length).toConfig();
        List<ByteSlice> raw = Adts.frames(adts);
        List<long[]> ats = packets(d, mp4, "a:0");
        long atb = ats.get(0)[2];
        // The same shift in seconds as the video, so the tracks stay in sync.
        long shift48k = -minDts * 48000 / vtb;
        int audio = 0;
        for (int i = 0; i < raw.size() && i < ats.size(); i++) {
            long t = ats.get(i)[1] * 48000 / atb + shift48k;
            if (t < 0) {
                continue;
            }
            frames.add(new MediaFrame(2, t, t, true, raw.get(i).toByteArray()));
            audio++;
        }
        frames.sort(
                Comparator.comparingLong((MediaFrame f) -> f.dts() * 1_000_000L / (f.trackId() == 1 ? 90000 : 48000))
                        .thenComparingInt(MediaFrame::trackId));
        List<TrackInfo> tracks = List.of(
                TrackInfo.video(1, Codec.H264, 90000, sets, 0, 0),
                TrackInfo.audio(2, Codec.AAC, 48000, asc.toByteArray(), 48000, 1));
        return new TestClip(tracks, List.copyOf(frames), units.size(), audio, gop);
    }

    /** pts, dts, time-base denominator of each packet. */
    private static List<long[]> packets(Path d, String file, String stream) throws IOException {
        String tb =
                Ffmpeg.probe(d, file, stream, "stream=time_base", false).get(0).get("time_base");
        long den = Long.parseLong(tb.substring(tb.indexOf('/') + 1));
        List<long[]> rows = new ArrayList<>();
        for (Map<String, String> p : Ffmpeg.packets(d, file, stream, "pts,dts")) {
            rows.add(new long[] {Long.parseLong(p.get("pts")), Long.parseLong(p.get("dts")), den});
        }
        return rows;
    }
}
