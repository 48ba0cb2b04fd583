package io.zonecam.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.media.frame.MediaFrame;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * No package of ingest or of media depends on itself through others: the package graph that the JDK's jdeps reads
 * from the compiled classes (including dependencies only javac sees, like constants) has no cycle.
 */
class PackageCyclesTest {

    @Test
    void ingestAndMediaPackagesFormNoCycle() throws Exception {
        Path ingest = Path.of(IngestServer.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        Path media = Path.of(MediaFrame.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        Map<String, Set<String>> graph = packageGraph(ingest, media);
        assertThat(graph.keySet()).contains("io.zonecam.ingest.rtsp", "io.zonecam.media.rtp");
        assertThat(cycles(graph)).isEmpty();
    }

    /** Edges between io.zonecam packages, as {@code jdeps -verbose:package} prints them. */
    private static Map<String, Set<String>> packageGraph(Path... classes) {
        List<String> args = new ArrayList<>(List.of("-verbose:package"));
        for (Path c : classes) {
            args.add(c.toString());
        }
        StringWriter out = new StringWriter();
        PrintWriter w = new PrintWriter(out);
        int rc = ToolProvider.findFirst("jdeps").orElseThrow().run(w, w, args.toArray(String[]::new));
        w.flush();
        assertThat(rc).as(out.toString()).isZero();
        Map<String, Set<String>> graph = new TreeMap<>();
        for (String line : out.toString().lines().toList()) {
            String[] f = line.trim().split("\\s+"); // "<package> -> <package> <where>"
            if (f.length >= 3
                    && f[1].equals("->")
                    && f[0].startsWith("io.zonecam.")
                    && f[2].startsWith("io.zonecam.")) {
                graph.computeIfAbsent(f[0], k -> new TreeSet<>()).add(f[2]);
            }
        }
        return graph;
    }

    /** Every package that reaches itself, with the path it takes. */
    private static List<String> cycles(Map<String, Set<String>> graph) {
        List<String> found = new ArrayList<>();
        for (String start : graph.keySet()) {
            List<String> path = reach(graph, start, start, new ArrayList<>(List.of(start)), new TreeSet<>());
            if (path != null) {
                found.add(String.join(" -> ", path));
            }
        }
        return found;
    }

    private static List<String> reach(
            Map<String, Set<String>> graph, String target, String from, List<String> path, Set<String> seen) {
        for (String next : graph.getOrDefault(from, Set.of())) {
            if (next.equals(target)) {
                path.add(next);
                return path;
            }
            if (seen.add(next)) {
                path.add(next);
                if (reach(graph, target, next, path, seen) != null) {
                    return path;
                }
                path.remove(path.size() - 1);
            }
        }
        return null;
    }
}
