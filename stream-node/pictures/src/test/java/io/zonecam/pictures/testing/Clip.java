package io.zonecam.pictures.testing;

import io.zonecam.pictures.decode.AccessUnit;
import io.zonecam.pictures.decode.CodedVideo;
import io.zonecam.pictures.decode.FragmentedMp4;
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
 * Clip is a short test video encoded by the system ffmpeg at test time into fragmented MP4 (one fragment per GOP,
 * as recorded objects are cut), with ffmpeg's own decode of every frame in presentation order as the reference.
 * The picture is {@code testsrc} with a two-decimal timestamp: every frame differs from its neighbours.
 *
 * @param name      what it is
 * @param dir       where its files are
 * @param init      ftyp + moov
 * @param fragments moof + mdat of each GOP
 * @param width     width
 * @param height    height
 * @param frames    frame count
 */
public record Clip(String name, Path dir, byte[] init, List<byte[]> fragments, int width, int height, int frames) {

    /** H.264 High, 3 B-frames with pyramid (x264's defaults), 1 s GOPs. */
    public static final String H264_HIGH = "h264-high";
    /** H.264 Baseline: no B-frames, CAVLC. */
    public static final String H264_BASELINE = "h264-baseline";
    /** H.265 Main (x265 defaults: B-frames, open GOPs with CRA keyframes and leading pictures). */
    public static final String H265_MAIN = "h265-main";

    private static final Map<String, Clip> CACHE = new ConcurrentHashMap<>();

    /** A 3 s 320x240 clip at 25 fps of the given kind, made once per JVM. */
    public static Clip get(String kind) {
        return get(kind, "320x240", 75, 25, 0);
    }

    /** A clip of {@code frames} frames of {@code size} with {@code gop}-frame GOPs at {@code kbps} (0: crf). */
    public static synchronized Clip get(String kind, String size, int frames, int gop, int kbps) {
        return CACHE.computeIfAbsent(kind + "-" + size + "-" + frames + "-" + gop + "-" + kbps, name -> {
            try {
                return make(name, kind, size, frames, gop, kbps);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static Clip make(String name, String kind, String size, int frames, int gop, int kbps) throws IOException {
        Path dir = Files.createTempDirectory("zonecam-pictures-" + name);
        String source = "testsrc=size=" + size + ":rate=25:decimals=2" + (kbps > 0 ? ",noise=alls=12:allf=t" : "");
        List<String> cmd = new ArrayList<>(List.of(
                "ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", source, "-frames:v", Integer.toString(frames)));
        String g = Integer.toString(gop);
        switch (kind) {
            case H264_HIGH -> {
                cmd.addAll(Ffmpeg.x264FixedGop(gop));
                cmd.addAll(List.of("-profile:v", "high", "-bf", "3"));
            }
            case H264_BASELINE -> {
                cmd.addAll(Ffmpeg.x264FixedGop(gop));
                cmd.addAll(List.of("-profile:v", "baseline"));
            }
            case H265_MAIN ->
                cmd.addAll(List.of(
                        "-c:v",
                        "libx265",
                        "-preset",
                        "veryfast",
                        "-profile:v",
                        "main",
                        "-tag:v",
                        "hvc1",
                        "-x265-params",
                        "log-level=error:keyint=" + g + ":min-keyint=" + g + ":scenecut=0"));
            default -> throw new IllegalArgumentException(kind);
        }
        if (kbps > 0) {
            cmd.addAll(List.of("-b:v", kbps + "k", "-maxrate", kbps + "k", "-bufsize", (2 * kbps) + "k"));
        }
        cmd.addAll(
                List.of("-pix_fmt", "yuv420p", "-movflags", "frag_keyframe+empty_moov+default_base_moof", "clip.mp4"));
        Ffmpeg.check(dir, cmd);
        FragmentedMp4 mp4 = FragmentedMp4.split(Files.readAllBytes(dir.resolve("clip.mp4")));
        String[] wh = size.split("x");
        return new Clip(
                name, dir, mp4.init(), mp4.fragments(), Integer.parseInt(wh[0]), Integer.parseInt(wh[1]), frames);
    }

    /** The clip's file (fragmented MP4). */
    public Path file() {
        return dir.resolve("clip.mp4");
    }

    /** All access units of all fragments. */
    public CodedVideo all() {
        return CodedVideo.fromFragments(init, fragments);
    }

    /** The access units of fragment {@code i} alone (one GOP), as a decoder gets them with the clip's init. */
    public CodedVideo fragment(int i) {
        return CodedVideo.fromFragments(init, List.of(fragments.get(i)));
    }

    /** The presentation times of all frames, sorted: frame n is shown at {@code presentationTimes().get(n)}. */
    public List<Long> presentationTimes() {
        return all().units().stream().map(AccessUnit::pts).sorted().toList();
    }

    /** The fragment holding frame {@code n} (presentation order) in decode order. */
    public int fragmentOf(int n) {
        long pts = presentationTimes().get(n);
        for (int f = 0; f < fragments.size(); f++) {
            for (AccessUnit u :
                    CodedVideo.fromFragments(init, List.of(fragments.get(f))).units()) {
                if (u.pts() == pts) {
                    return f;
                }
            }
        }
        throw new IllegalStateException("frame " + n + " in no fragment");
    }

    /**
     * ffmpeg's decode of every frame in presentation order as raw {@code pixFmt} (yuv420p: exactly the decoder's
     * output; rgb24: converted), after {@code filter} when not null.
     */
    public byte[] reference(String pixFmt, String filter) throws IOException {
        Path out = Files.createTempFile(dir, "ref", "." + pixFmt);
        List<String> cmd =
                new ArrayList<>(List.of("ffmpeg", "-v", "error", "-y", "-i", "clip.mp4", "-fps_mode", "passthrough"));
        if (filter != null) {
            cmd.addAll(List.of("-vf", filter));
        }
        cmd.addAll(List.of("-f", "rawvideo", "-pix_fmt", pixFmt, out.toString()));
        Ffmpeg.check(dir, cmd);
        return Files.readAllBytes(out);
    }

    /** Frames sorted by presentation time with their decode-order index. */
    public static List<AccessUnit> byPresentation(List<AccessUnit> units) {
        return units.stream().sorted(Comparator.comparingLong(AccessUnit::pts)).toList();
    }
}
