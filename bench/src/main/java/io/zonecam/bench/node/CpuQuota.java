package io.zonecam.bench.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CpuQuota holds a process to a fraction of one CPU with the kernel's CFS bandwidth control (a cgroup of its own,
 * cgroup v2 {@code cpu.max} or v1 {@code cpu.cfs_quota_us}). On a 2-core machine the load generator cannot drive a
 * whole core's worth of viewers (receiving and decrypting costs it more than sending costs the node), so the node's
 * per-core capacity is measured on part of a core: the knee on a budget of {@code cores}, divided by {@code cores}.
 * A budget is harsher than a core of that size: the node is stopped whenever it has used its share of a period.
 * {@code dir} is the group (tests: a plain directory stands in for one), {@code v2} its cgroup version.
 */
record CpuQuota(double cores, Path dir, boolean v2) implements AutoCloseable {

    /** A short period, so a throttled node stalls for at most a few milliseconds, not the default 100 ms. */
    static final long PERIOD_MICROS = 10_000;

    private static final Path V2 = Path.of("/sys/fs/cgroup");
    private static final Path V1 = Path.of("/sys/fs/cgroup/cpu");

    /** How often the kernel stopped the group, from its {@code cpu.stat}. */
    record Throttling(long periods, long throttledPeriods, double throttledSeconds) {}

    /** A new cgroup named {@code name} that may use {@code cores} (0 < cores ≤ 1) of a CPU. Needs root. */
    static CpuQuota create(String name, double cores) throws IOException {
        if (!(cores > 0 && cores <= 1)) {
            throw new IllegalArgumentException("a CPU budget is a fraction of one core, 0 < budget <= 1: " + cores);
        }
        long quota = Math.round(PERIOD_MICROS * cores);
        Path controllers = V2.resolve("cgroup.controllers");
        if (Files.exists(controllers) && Files.readString(controllers).contains("cpu")) {
            Files.writeString(V2.resolve("cgroup.subtree_control"), "+cpu");
            Path dir = Files.createDirectories(V2.resolve(name));
            Files.writeString(dir.resolve("cpu.max"), quota + " " + PERIOD_MICROS);
            return new CpuQuota(cores, dir, true);
        }
        if (Files.exists(V1.resolve("cpu.cfs_quota_us"))) {
            Path dir = Files.createDirectories(V1.resolve(name));
            Files.writeString(dir.resolve("cpu.cfs_period_us"), Long.toString(PERIOD_MICROS));
            Files.writeString(dir.resolve("cpu.cfs_quota_us"), Long.toString(quota));
            return new CpuQuota(cores, dir, false);
        }
        throw new IOException(
                "no cgroup cpu controller at " + V2 + " (v2) or " + V1 + " (v1): cannot set a CPU budget");
    }

    /** The command, started inside this group: a shell joins it, then execs the command (the pid stays the same). */
    List<String> wrap(List<String> command) {
        List<String> full = new ArrayList<>(List.of(
                "sh",
                "-c",
                "echo $$ > \"$0\" && exec \"$@\"",
                dir.resolve("cgroup.procs").toString()));
        full.addAll(command);
        return full;
    }

    /** The group's throttling so far. */
    Throttling throttling() throws IOException {
        return parse(Files.readString(dir.resolve("cpu.stat")), v2);
    }

    static Throttling parse(String cpuStat, boolean v2) {
        long periods = 0;
        long throttled = 0;
        double seconds = 0;
        for (String line : cpuStat.split("\n")) {
            String[] kv = line.trim().split("\\s+");
            if (kv.length != 2) {
                continue;
            }
            long value = Long.parseLong(kv[1]);
            switch (kv[0]) {
                case "nr_periods" -> periods = value;
                case "nr_throttled" -> throttled = value;
                case "throttled_usec" -> seconds = v2 ? value / 1e6 : seconds;
                case "throttled_time" -> seconds = v2 ? seconds : value / 1e9;
                default -> {}
            }
        }
        return new Throttling(periods, throttled, seconds);
    }

    /** Removes the group; its process must have exited. */
    @Override
    public void close() throws IOException {
        Files.deleteIfExists(dir);
    }
}
