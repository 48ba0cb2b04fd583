package io.zonecam.bench.node;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Child is one process the benchmark starts: optionally inside a network namespace and pinned to CPUs with
 * taskset (both exec the command, so the pid is the command's own), its output copied to a log file line by line
 * and offered to a listener. Closing it sends SIGTERM, then SIGKILL after a grace period.
 */
final class Child implements AutoCloseable {

    final String name;
    final Process process;
    private final Thread pump;

    private Child(String name, Process process, Thread pump) {
        this.name = name;
        this.process = process;
        this.pump = pump;
    }

    /** Where and how to run a command: in a network namespace, on CPUs, within a CPU budget (each optional). */
    record Placement(String cpus, String netns, CpuQuota quota) {
        static Placement on(String cpus) {
            return new Placement(cpus, null, null);
        }

        Placement in(String namespace) {
            return new Placement(cpus, namespace, quota);
        }

        /** Within a CPU budget; null for none. */
        Placement within(CpuQuota budget) {
            return new Placement(cpus, netns, budget);
        }

        List<String> wrap(List<String> command) {
            List<String> full = new ArrayList<>();
            if (netns != null) {
                full.addAll(List.of("ip", "netns", "exec", netns));
            }
            List<String> pinned = new ArrayList<>();
            if (cpus != null) {
                pinned.addAll(List.of("taskset", "-c", cpus));
            }
            pinned.addAll(command);
            full.addAll(quota == null ? pinned : quota.wrap(pinned));
            return full;
        }
    }

    static Child start(
            String name,
            Placement where,
            List<String> command,
            Map<String, String> env,
            Path log,
            Consumer<String> lines)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(where.wrap(command)).redirectErrorStream(true);
        pb.environment().putAll(env);
        Files.createDirectories(log.getParent());
        Process p = pb.start();
        PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true);
        out.println("# " + String.join(" ", where.wrap(command)));
        Thread pump = Thread.ofPlatform().name("out-" + name).daemon().start(() -> {
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    out.println(l);
                    if (lines != null) {
                        lines.accept(l);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            } finally {
                out.close();
            }
        });
        return new Child(name, p, pump);
    }

    long pid() {
        return process.pid();
    }

    /** Waits for the process to exit by itself; false on timeout. */
    boolean awaitExit(Duration timeout) throws InterruptedException {
        boolean done = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (done) {
            pump.join(2000);
        }
        return done;
    }

    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        pump.join(2000);
    }
}
