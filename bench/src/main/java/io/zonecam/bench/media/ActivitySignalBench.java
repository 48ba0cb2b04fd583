package io.zonecam.bench.media;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * ActivitySignalBench measures whether compressed frame sizes tell motion from none (issue 13 item 3, "a cheap
 * platform-side activity signal"): ffmpeg encodes clips as cameras do (H.264, no B-frames, 1 s GOP, constrained VBR
 * and CBR), ffprobe lists every frame's type and size, and the signal is a second's mean P-frame bytes over the
 * median of the previous 30 seconds' means. Clips: a noisy still, testsrc2 (everything moves), and a noisy textured
 * scene where a small object crosses during known seconds (the ground truth), the case a camera owner cares about.
 *
 * <p>Plain JDK; run {@code java bench/src/main/java/io/zonecam/bench/media/ActivitySignalBench.java [dir]} (ffmpeg,
 * ffprobe on the PATH). Prints per-clip figures and, for the scene, detection against the truth at thresholds.
 */
public final class ActivitySignalBench {

    static final int FPS = 25;
    static final int SECONDS = 60;
    /** Seconds during which the object crosses the scene. */
    static final int[][] MOTION = {{10, 20}, {30, 33}, {45, 55}};

    private ActivitySignalBench() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "target/activity-bench"));
        Path still = dir.resolve("still.png");
        ffmpeg("-f", "lavfi", "-i", "testsrc2=size=640x360:rate=1", "-frames:v", "1", still.toString());
        Path texture = dir.resolve("texture.png");
        ffmpeg(
                "-f",
                "lavfi",
                "-i",
                "cellauto=s=640x360:rule=110:rate=1,scale=640x360,boxblur=2",
                "-frames:v",
                "1",
                texture.toString());
        String enable = String.join(
                "+",
                Arrays.stream(MOTION)
                        .map(m -> "between(t," + m[0] + "," + m[1] + ")")
                        .toList());
        for (String rc : List.of("vbr", "cbr")) {
            List<String> rate = rc.equals("vbr")
                    ? List.of("-crf", "23", "-maxrate", "1M", "-bufsize", "2M")
                    : List.of(
                            "-b:v",
                            "600k",
                            "-minrate",
                            "600k",
                            "-maxrate",
                            "600k",
                            "-bufsize",
                            "300k",
                            "-x264-params",
                            "nal-hrd=cbr");
            Path noisyStill = encode(
                    dir, "still-" + rc, rate, "-loop", "1", "-i", still.toString(), "-vf", "noise=alls=6:allf=t");
            Path moving = encode(
                    dir,
                    "moving-" + rc,
                    rate,
                    "-f",
                    "lavfi",
                    "-i",
                    "testsrc2=size=640x360:rate=25",
                    "-vf",
                    "noise=alls=6:allf=t");
            Path scene = encode(
                    dir,
                    "scene-" + rc,
                    rate,
                    "-loop",
                    "1",
                    "-i",
                    texture.toString(),
                    "-f",
                    "lavfi",
                    "-i",
                    "color=c=0x505860:s=48x110:r=25",
                    "-filter_complex",
                    "[0:v]noise=alls=6:allf=t[bg];[bg][1:v]overlay=x='mod(t*90,640)':y=200:enable='" + enable
                            + "',format=yuv420p");
            double stillMedian = describe("still+noise " + rc, frames(noisyStill));
            double movingMedian = describe("testsrc2 " + rc, frames(moving));
            System.out.printf(
                    Locale.ROOT, "result activity_%s_moving_over_still=%.2f%n", rc, movingMedian / stillMedian);
            detect("scene " + rc, frames(scene));
        }
    }

    /** A frame: I or P, and its compressed bytes. */
    record Frame(boolean key, int bytes) {}

    static Path encode(Path dir, String name, List<String> rate, String... input) throws Exception {
        Path out = dir.resolve(name + ".mp4");
        List<String> cmd = new ArrayList<>(List.of(input));
        cmd.addAll(List.of(
                "-t",
                Integer.toString(SECONDS),
                "-r",
                Integer.toString(FPS),
                "-c:v",
                "libx264",
                "-preset",
                "veryfast",
                "-profile:v",
                "main",
                "-bf",
                "0",
                "-g",
                Integer.toString(FPS),
                "-pix_fmt",
                "yuv420p"));
        cmd.addAll(rate);
        cmd.add(out.toString());
        ffmpeg(cmd.toArray(String[]::new));
        return out;
    }

    static void ffmpeg(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-y", "-loglevel", "error"));
        cmd.addAll(List.of(args));
        run(cmd);
    }

    static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }

    static List<Frame> frames(Path clip) throws Exception {
        String csv = run(List.of(
                "ffprobe",
                "-v",
                "error",
                "-select_streams",
                "v",
                "-show_entries",
                "frame=pict_type,pkt_size",
                "-of",
                "csv=p=0",
                clip.toString()));
        List<Frame> frames = new ArrayList<>();
        for (String line : csv.split("\n")) {
            String[] f = line.trim().split(",");
            if (f.length >= 2) {
                // ffprobe prints the fields in its own order: find the size (a number) and the type (a letter).
                boolean numberFirst = Character.isDigit(f[0].charAt(0));
                frames.add(new Frame(
                        (numberFirst ? f[1] : f[0]).startsWith("I"), Integer.parseInt(numberFirst ? f[0] : f[1])));
            }
        }
        return frames;
    }

    /** Per second: the mean bytes of its P-frames. */
    static double[] perSecond(List<Frame> frames) {
        double[] means = new double[frames.size() / FPS];
        for (int s = 0; s < means.length; s++) {
            long sum = 0;
            int n = 0;
            for (Frame f : frames.subList(s * FPS, (s + 1) * FPS)) {
                if (!f.key()) {
                    sum += f.bytes();
                    n++;
                }
            }
            means[s] = n == 0 ? 0 : sum / (double) n;
        }
        return means;
    }

    static double describe(String name, List<Frame> frames) {
        int[] p = frames.stream()
                .filter(f -> !f.key())
                .mapToInt(Frame::bytes)
                .sorted()
                .toArray();
        int[] i = frames.stream()
                .filter(Frame::key)
                .mapToInt(Frame::bytes)
                .sorted()
                .toArray();
        double median = p[p.length / 2];
        System.out.printf(
                Locale.ROOT,
                "%-18s P-frames: median %6.0f B, p10 %6d, p90 %6d; I-frames median %6d B%n",
                name,
                median,
                p[p.length / 10],
                p[p.length * 9 / 10],
                i[i.length / 2]);
        return median;
    }

    /** The scene: each second's ratio to the median of the previous 30 s, against the truth, at some thresholds. */
    static void detect(String name, List<Frame> frames) {
        double[] means = perSecond(frames);
        double[] ratio = new double[means.length];
        StringBuilder trace = new StringBuilder();
        for (int s = 0; s < means.length; s++) {
            double[] window = Arrays.copyOfRange(means, Math.max(0, s - 30), s);
            Arrays.sort(window);
            ratio[s] = window.length < 5 ? Double.NaN : means[s] / window[window.length / 2];
            trace.append(String.format(Locale.ROOT, " %d%s:%.2f", s, moving(s) ? "*" : "", ratio[s]));
        }
        System.out.println(name + " ratio per second (* = object moving):" + trace);
        for (double threshold : new double[] {1.15, 1.3, 1.5, 2.0}) {
            int tp = 0;
            int fn = 0;
            int fp = 0;
            int tn = 0;
            for (int s = 5; s < means.length; s++) {
                boolean said = ratio[s] > threshold;
                if (moving(s)) {
                    if (said) {
                        tp++;
                    } else {
                        fn++;
                    }
                } else if (said) {
                    fp++;
                } else {
                    tn++;
                }
            }
            System.out.printf(
                    Locale.ROOT,
                    "%-18s threshold %.2f: motion seconds detected %d/%d, still seconds flagged %d/%d%n",
                    name,
                    threshold,
                    tp,
                    tp + fn,
                    fp,
                    fp + tn);
        }
    }

    static boolean moving(int second) {
        for (int[] m : MOTION) {
            if (second >= m[0] && second < m[1]) {
                return true;
            }
        }
        return false;
    }
}
