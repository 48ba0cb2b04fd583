package io.zonecam.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The module's packages depend on each other without cycles (protocol packages below {@code sfu}, which nothing
 * imports), read from the compiled classes with the JDK's {@code jdeps -verbose:package}.
 */
class PackageCyclesTest {

    private static final Pattern EDGE =
            Pattern.compile("^\\s*(io\\.zonecam\\.webrtc\\.[\\w.]+)\\s+->\\s+(io\\.zonecam\\.webrtc\\.[\\w.]+)\\s");

    @Test
    void shouldHaveNoPackageCycle() {
        Map<String, Set<String>> graph = packageGraph();
        assertThat(graph.get("io.zonecam.webrtc.sfu"))
                .as("jdeps read the classes")
                .contains("io.zonecam.webrtc.srtp", "io.zonecam.webrtc.dtls");

        List<List<String>> cycles = new ArrayList<>();
        for (String start : graph.keySet()) {
            findCycles(graph, start, new ArrayList<>(List.of(start)), cycles);
        }
        assertThat(cycles).as("package cycles").isEmpty();
    }

    @Test
    void shouldKeepTheProtocolPackagesFreeOfTheSfu() {
        Map<String, Set<String>> graph = packageGraph();
        graph.forEach((from, to) -> {
            if (!from.endsWith(".sfu")) {
                assertThat(to).as(from).doesNotContain("io.zonecam.webrtc.sfu");
            }
        });
        assertThat(graph.getOrDefault("io.zonecam.webrtc.dtls", Set.of()))
                .as("DTLS hands SRTP its keys without depending on it")
                .doesNotContain("io.zonecam.webrtc.srtp");
    }

    /** Package → packages of this module it uses, from {@code target/classes}. */
    private static Map<String, Set<String>> packageGraph() {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        StringWriter out = new StringWriter();
        int rc = jdeps.run(
                new PrintWriter(out),
                new PrintWriter(new StringWriter()),
                "-verbose:package",
                "-e",
                "io\\.zonecam\\.webrtc\\..*",
                Path.of("target", "classes").toString());
        assertThat(rc).as(out.toString()).isZero();
        Map<String, Set<String>> graph = new TreeMap<>();
        for (String line : out.toString().lines().toList()) {
            Matcher m = EDGE.matcher(line);
            if (m.find() && !m.group(1).equals(m.group(2))) {
                graph.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
            }
        }
        return graph;
    }

    private static void findCycles(
            Map<String, Set<String>> graph, String start, List<String> path, List<List<String>> cycles) {
        String last = path.get(path.size() - 1);
        for (String next : graph.getOrDefault(last, Set.of())) {
            if (next.equals(start)) {
                List<String> cycle = new ArrayList<>(path);
                cycle.add(start);
                cycles.add(cycle);
            } else if (!path.contains(next) && next.compareTo(start) > 0) {
                path.add(next);
                findCycles(graph, start, path, cycles);
                path.remove(path.size() - 1);
            }
        }
    }
}
