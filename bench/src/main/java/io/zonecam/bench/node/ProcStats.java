package io.zonecam.bench.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/**
 * ProcStats is a snapshot of processes from /proc: CPU time (user + system, from {@code stat}), resident memory,
 * threads (from {@code status}) and open file descriptors. Read at the start and end of a window, two snapshots
 * give the CPU the processes used in it, whatever their threads did.
 */
public record ProcStats(long nanos, double cpuSeconds, long rssKiB, int threads, int openFiles) {

    /** Clock ticks per second of {@code /proc/<pid>/stat} (USER_HZ, 100 on Linux x86-64). */
    private static final double TICKS = 100.0;

    public static ProcStats of(long pid) throws IOException {
        return of(List.of(pid));
    }

    /** The sum over several processes (nginx's master and workers). */
    static ProcStats of(Collection<Long> pids) throws IOException {
        long now = System.nanoTime();
        double cpu = 0;
        long rss = 0;
        int threads = 0;
        int files = 0;
        for (long pid : pids) {
            Path proc = Path.of("/proc", Long.toString(pid));
            String stat = Files.readString(proc.resolve("stat"));
            // Fields after the command name in parentheses (which may hold spaces): utime is 14th, stime 15th.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            cpu += (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS;
            for (String line : Files.readAllLines(proc.resolve("status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss += Long.parseLong(line.replaceAll("\\D", ""));
                } else if (line.startsWith("Threads:")) {
                    threads += Integer.parseInt(line.replaceAll("\\D", ""));
                }
            }
            try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
                files += (int) fds.count();
            }
        }
        return new ProcStats(now, cpu, rss, threads, files);
    }

    /** Cores used between two snapshots (1.0 = one core busy all the time). */
    static double cores(ProcStats from, ProcStats to) {
        return (to.cpuSeconds - from.cpuSeconds) / ((to.nanos - from.nanos) / 1e9);
    }

    /** Children of a process (nginx workers of its master). */
    static List<Long> children(long pid) throws IOException {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        try (Stream<Path> ts = Files.list(tasks)) {
            return ts.flatMap(t -> {
                        try {
                            String c = Files.readString(t.resolve("children")).trim();
                            return c.isEmpty()
                                    ? Stream.empty()
                                    : Stream.of(c.split("\\s+")).map(Long::parseLong);
                        } catch (IOException e) {
                            return Stream.empty();
                        }
                    })
                    .toList();
        }
    }
}
