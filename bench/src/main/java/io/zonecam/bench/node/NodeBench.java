package io.zonecam.bench.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * NodeBench is the whole-node benchmark: the production stream node as its own process on one CPU, loads from
 * their own processes on the other, every figure measured at the process, the store or the client, and the peers
 * (nginx-rtmp, Janus) under the same load in the same run. {@code scripts/bench-node} installs the peers, makes the
 * network namespace and calls this; see bench/README.md.
 *
 * <pre>
 * NodeBench record --cameras N [--protocol rtmp|rtsp] [--warmup 120] [--window 60] [--peer nginx|none]
 * NodeBench fanout --viewers M [--warmup 60] [--idle 30] [--window 60] [--peer janus|none] --netns NS
 * NodeBench soak   --cameras N --viewers M [--warmup 120] [--duration 1800]
 * NodeBench pictures --cameras N [--warmup 120] [--window 60] [--requests 200]
 * common: [--node-cpu 1] [--load-cpu 0] [--node-jvm "-Xmx1g"] [--viewer-jvm "-XX:..."] [--out DIR]
 * </pre>
 */
public final class NodeBench {

    private NodeBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: NodeBench record|fanout|soak|pictures [--name value]... (see bench/README.md)");
            System.exit(2);
        }
        String mode = args[0];
        Options o = Options.parse(args, 1);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path run = Files.createDirectories(o.dir("out", ".zonecam/bench").resolve(mode + "-" + stamp));
        for (Path jar : new Path[] {o.benchJar(), o.nodeJar(), o.simJar()}) {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing: build it first (scripts/bench-node does)");
            }
        }
        try (Report report = new Report(run)) {
            report.line("run directory %s (logs, GC log, report.txt)", run);
            report.line("machine: %s", cpuModel());
            switch (mode) {
                case "record" -> new RecordScenario(o, report).run(run);
                case "fanout" -> new FanoutScenario(o, report).run(run);
                case "soak" -> new SoakScenario(o, report).run(run);
                case "pictures" -> new PicturesScenario(o, report).run(run);
                default -> throw new IllegalArgumentException("unknown mode " + mode);
            }
        } finally {
            if (!o.flag("keep-store")) {
                deleteStore(run.resolve("s3"));
                deleteStore(run.resolve("nginx-recordings"));
            }
        }
        System.exit(0);
    }

    /**
     * Deletes what the S3 server (or nginx) stored once the run has read it back: a 150-camera run stores ~10 GB,
     * and a knee search of several steps would fill the disk. {@code --keep-store} keeps them.
     */
    private static void deleteStore(Path store) throws java.io.IOException {
        if (!Files.isDirectory(store)) {
            return;
        }
        try (var paths = Files.walk(store)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String memory() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).getFirst().replaceAll("\\s+", " ");
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static String cpuModel() {
        try {
            var lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            long cpus = lines.stream().filter(l -> l.startsWith("processor")).count();
            String model = lines.stream()
                    .filter(l -> l.startsWith("model name"))
                    .findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .orElse("?");
            return cpus + " CPUs, " + model + ", " + memory();
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
