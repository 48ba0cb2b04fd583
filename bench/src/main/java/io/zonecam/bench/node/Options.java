package io.zonecam.bench.node;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Options are a run's settings from {@code --name value} arguments, with the defaults the README's figures use.
 * Every setting that changes a figure (warm-up, window, heap, CPUs) is printed with the result.
 */
record Options(Map<String, String> values) {

    static Options parse(String[] args, int from) {
        Map<String, String> m = new HashMap<>();
        for (int i = from; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            String key = args[i].substring(2);
            if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                m.put(key, args[++i]);
            } else {
                m.put(key, "true");
            }
        }
        return new Options(m);
    }

    String text(String name, String otherwise) {
        return values.getOrDefault(name, otherwise);
    }

    int number(String name, int otherwise) {
        return Integer.parseInt(text(name, Integer.toString(otherwise)));
    }

    Duration seconds(String name, int otherwise) {
        return Duration.ofSeconds(number(name, otherwise));
    }

    boolean flag(String name) {
        return Boolean.parseBoolean(text(name, "false"));
    }

    String nodeCpu() {
        return text("node-cpu", "1");
    }

    /** The part of its CPU the node may use ({@code --node-cpu-budget 0.5}); 1, all of it, by default. */
    double nodeCpuBudget() {
        return Double.parseDouble(text("node-cpu-budget", "1"));
    }

    String loadCpu() {
        return text("load-cpu", "0");
    }

    /** The node's JVM options: production's defaults unless given; the heap is always stated. */
    List<String> nodeJvm() {
        return new ArrayList<>(List.of(text("node-jvm", "-Xmx1g").trim().split("\\s+")));
    }

    /** Extra JVM options of the viewer process (e.g. a flight recording); its heap and collector are fixed. */
    List<String> viewerJvm() {
        String v = text("viewer-jvm", "").trim();
        return v.isEmpty() ? List.of() : List.of(v.split("\\s+"));
    }

    Path dir(String name, String otherwise) {
        return Path.of(text(name, otherwise)).toAbsolutePath();
    }

    Path benchJar() {
        return dir("bench-jar", "bench/target/benchmarks.jar");
    }

    Path nodeJar() {
        return dir("node-jar", "stream-node/app/target/quarkus-app/quarkus-run.jar");
    }

    Path simJar() {
        return dir("sim-jar", "camera-sim/target/camera-sim.jar");
    }

    String protocol() {
        return text("protocol", "rtmp");
    }
}
