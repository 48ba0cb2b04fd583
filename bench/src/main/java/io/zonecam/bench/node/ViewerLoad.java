package io.zonecam.bench.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonecam.bench.viewer.ViewerFleet;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * ViewerLoad runs a {@link ViewerFleet} as its own process on the load CPU (inside the peers' network namespace
 * for Janus) and keeps its latest cumulative progress line and its final summary.
 */
final class ViewerLoad implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Child fleet;
    private volatile JsonNode progress;
    private volatile JsonNode summary;

    /**
     * @param target {@code whep <url> <token>} or {@code janus <url> <mountpoint>}
     * @param jvm extra JVM options of the viewer process ({@code --viewer-jvm})
     */
    ViewerLoad(
            Path run,
            String name,
            Path benchJar,
            Child.Placement where,
            List<String> target,
            int viewers,
            Duration duration,
            String bind,
            int rate,
            List<String> jvm)
            throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx2g", "-XX:+UseSerialGC"));
        cmd.addAll(jvm);
        cmd.addAll(List.of("-cp", benchJar.toString(), ViewerFleet.class.getName()));
        cmd.addAll(target);
        cmd.addAll(
                List.of(Integer.toString(viewers), Long.toString(duration.toSeconds()), bind, Integer.toString(rate)));
        this.fleet = Child.start(name, where, cmd, Map.of(), run.resolve("logs/" + name + ".log"), l -> {
            if (l.startsWith("{")) {
                try {
                    JsonNode n = JSON.readTree(l);
                    if (n.path("type").asText().equals("summary")) {
                        summary = n;
                    }
                    progress = n;
                } catch (IOException ignored) {
                    // not a progress line
                }
            }
        });
    }

    long pid() {
        return fleet.pid();
    }

    /** The latest cumulative totals, or an empty object before the first second. */
    JsonNode progress() {
        JsonNode p = progress;
        return p == null ? JSON.createObjectNode() : p;
    }

    JsonNode awaitSummary(Duration timeout) throws InterruptedException {
        fleet.awaitExit(timeout);
        return summary == null ? progress() : summary;
    }

    @Override
    public void close() throws InterruptedException {
        fleet.close();
    }
}
