package io.zonecam.sim.clip;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * ClipGenerator encodes a {@link ClipSpec} once with ffmpeg/libx264 into a cache directory and reuses the file on
 * later runs; this is the only place the simulator encodes anything.
 *
 * <p>{@code repeat-headers=1} puts SPS/PPS in front of every IDR, so a receiver can start at any keyframe and the
 * loop point needs no special handling (TESTING-NOTES "Cameras"). Fixed GOPs ({@code -sc_threshold 0}) make every
 * loop start on a keyframe.
 */
public final class ClipGenerator {

    private static final Logger LOG = Logger.getLogger(ClipGenerator.class);

    private ClipGenerator() {}

    /** The default cache directory: {@code $XDG_CACHE_HOME/zonecam-sim} or {@code ~/.cache/zonecam-sim}. */
    public static Path defaultCacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("zonecam-sim");
    }

    /** Returns the cached clip for {@code spec}, encoding it first when it is not there yet. */
    public static Path ensure(ClipSpec spec, Path cacheDir) throws IOException {
        Path target = cacheDir.resolve(spec.fileName());
        if (Files.isRegularFile(target) && Files.size(target) > 0) {
            return target;
        }
        Files.createDirectories(cacheDir);
        // A unique temporary name and an atomic rename: two simulators may generate the same clip at once.
        Path tmp = Files.createTempFile(cacheDir, spec.fileName(), ".part.mp4");
        long t0 = System.nanoTime();
        try {
            Ffmpeg.run(command(spec, tmp), Duration.ofMinutes(5));
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        LOG.infof("encoded clip %s in %d ms", target, (System.nanoTime() - t0) / 1_000_000);
        return target;
    }

    static List<String> command(ClipSpec s, Path out) {
        List<String> c = Ffmpeg.command(
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=" + s.width() + "x" + s.height() + ":rate=" + s.fps() + ",noise=alls=12:allf=t");
        if (s.audioKbps() > 0) {
            c.addAll(List.of("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"));
        }
        String kbps = s.videoKbps() + "k";
        c.addAll(List.of(
                "-t",
                Integer.toString(s.seconds()),
                "-map",
                "0:v",
                "-c:v",
                "libx264",
                "-preset",
                "veryfast",
                "-pix_fmt",
                "yuv420p",
                "-profile:v",
                s.bframes() ? "high" : "main",
                "-bf",
                s.bframes() ? "3" : "0",
                "-g",
                Integer.toString(s.gopFrames()),
                "-keyint_min",
                Integer.toString(s.gopFrames()),
                "-sc_threshold",
                "0",
                "-b:v",
                kbps,
                "-maxrate",
                kbps,
                "-bufsize",
                kbps,
                "-x264-params",
                "repeat-headers=1"));
        if (s.audioKbps() > 0) {
            c.addAll(List.of("-map", "1:a", "-c:a", "aac", "-b:a", s.audioKbps() + "k", "-ac", "1"));
        }
        c.addAll(List.of("-f", "mp4", out.toString()));
        return c;
    }
}
