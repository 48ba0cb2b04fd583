package io.zonecam.bench.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * CameraLoad runs the packaged camera simulator ({@code camera-sim.jar}) as its own process on the load CPU: one
 * camera per URL (720p25 H.264 Main 2 Mb/s + AAC, a frame marker in every picture), for a fixed time, then an
 * orderly unpublish. Its per-camera counters (frames sent, dropped, skipped, bytes) are read from
 * {@code --stats-out} after it exits.
 */
final class CameraLoad implements AutoCloseable {

    /** One camera's counters from the simulator. */
    record Sent(String cameraId, long generated, long sent, long dropped, long unsent, long skipped, long bytes) {}

    private final Child sim;
    private final Path statsFile;
    private volatile String lastSummary = "";

    /**
     * @param urls camera id → publish URL (with its device token)
     */
    CameraLoad(Path run, String name, Path simJar, String cpus, Map<String, String> urls, Duration duration, int ramp)
            throws IOException {
        Path creds = run.resolve(name + "-cameras.csv");
        StringBuilder b = new StringBuilder();
        urls.forEach((id, url) -> b.append(id).append(',').append(url).append('\n'));
        Files.writeString(creds, b.toString(), StandardCharsets.UTF_8);
        this.statsFile = run.resolve(name + "-camera-stats.csv");
        String java = ProcessHandle.current().info().command().orElse("java");
        this.sim = Child.start(
                name,
                Child.Placement.on(cpus),
                List.of(
                        java,
                        "-Xmx1g",
                        "-XX:+UseSerialGC",
                        "-jar",
                        simJar.toString(),
                        "--credentials",
                        creds.toString(),
                        "--threads",
                        "1",
                        "--ramp",
                        Integer.toString(ramp),
                        "--duration",
                        duration.toSeconds() + "s",
                        "--summary-every",
                        "10s",
                        "--stats-out",
                        statsFile.toString()),
                Map.of(),
                run.resolve("logs/" + name + ".log"),
                l -> {
                    if (l.startsWith("cameras ") || l.startsWith("final ")) {
                        lastSummary = l;
                    }
                });
    }

    /** Cameras with ids from {@code ids}, each publishing where {@code url} says. */
    /**
     * Cameras {@code ids} publishing to the Zonecam node under test over the benchmark's protocol for {@code duration},
     * on the load CPUs, ramping up 25 per second.
     */
    static CameraLoad onNode(Path run, String name, Options o, ZonecamNode node, List<String> ids, Duration duration)
            throws IOException {
        return new CameraLoad(
                run, name, o.simJar(), o.loadCpu(), urls(ids, id -> node.publishUrl(o.protocol(), id)), duration, 25);
    }

    static Map<String, String> urls(List<String> ids, Function<String, String> url) {
        Map<String, String> m = new LinkedHashMap<>();
        ids.forEach(id -> m.put(id, url.apply(id)));
        return m;
    }

    long pid() {
        return sim.pid();
    }

    String lastSummary() {
        return lastSummary;
    }

    /** Waits for the simulator to finish and returns its per-camera counters. */
    List<Sent> awaitSent(Duration timeout) throws IOException, InterruptedException {
        if (!sim.awaitExit(timeout)) {
            throw new IllegalStateException("the camera simulator did not finish");
        }
        List<Sent> sent = new ArrayList<>();
        for (String line : Files.readAllLines(statsFile)) {
            String[] f = line.split(",");
            if (f.length < 9 || f[0].equals("camera")) {
                continue;
            }
            sent.add(new Sent(
                    f[0],
                    Long.parseLong(f[2]),
                    Long.parseLong(f[3]),
                    Long.parseLong(f[4]),
                    Long.parseLong(f[5]),
                    Long.parseLong(f[6]),
                    Long.parseLong(f[8])));
        }
        return sent;
    }

    @Override
    public void close() throws InterruptedException {
        sim.close();
    }
}
