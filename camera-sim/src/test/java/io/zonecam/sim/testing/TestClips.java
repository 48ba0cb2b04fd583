package io.zonecam.sim.testing;

import io.zonecam.sim.clip.Clip;
import io.zonecam.sim.clip.ClipGenerator;
import io.zonecam.sim.clip.ClipLoader;
import io.zonecam.sim.clip.ClipSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** TestClips encodes the short test clips once per build (under target/) and loads each once per JVM. */
public final class TestClips {

    /** Where test clips are cached: the module's build directory, never the source tree. */
    public static final Path CACHE = Path.of("target", "test-clips");

    /** A 2 s, 640x360p25, 1 s GOP clip: a run of a few seconds loops at least once. */
    public static final ClipSpec MAIN = ClipSpec.small(2, false);
    /** The same with High profile and B-frames. */
    public static final ClipSpec BFRAMES = ClipSpec.small(2, true);

    private static final Map<ClipSpec, Clip> LOADED = new ConcurrentHashMap<>();

    private TestClips() {}

    public static Path file(ClipSpec spec) {
        try {
            return ClipGenerator.ensure(spec, CACHE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Clip load(ClipSpec spec) {
        return LOADED.computeIfAbsent(spec, s -> {
            try {
                return ClipLoader.load(file(s), ClipLoader.DEFAULT_RTP_PAYLOAD);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
