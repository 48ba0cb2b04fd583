package io.zonecam.bench.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * ThreadCpu is the CPU time of each thread of a process from {@code /proc/<pid>/task/<tid>/stat}: two snapshots give
 * where a window's CPU went, grouped by thread name with digits stripped (the 2 event loops {@code
 * vert.x-eventloop-thread-0} and {@code -1} are one group). A thread that ended inside the window is not counted;
 * one that started inside it counts from zero.
 */
record ThreadCpu(long nanos, Map<Long, Thread> threads) {

    /** One thread's name and its user + system clock ticks. */
    record Thread(String name, long ticks) {}

    /** One group of threads and its share of a core over the window (1.0 = one core busy all the time). */
    record Group(String name, int threads, double cores) {}

    /** Clock ticks per second of {@code /proc/<pid>/task/<tid>/stat} (USER_HZ, 100 on Linux x86-64). */
    private static final double TICKS = 100.0;

    static ThreadCpu of(long pid) throws IOException {
        return of(Path.of("/proc", Long.toString(pid), "task"), System.nanoTime());
    }

    static ThreadCpu of(Path tasks, long nanos) throws IOException {
        Map<Long, Thread> threads = new HashMap<>();
        try (Stream<Path> ts = Files.list(tasks)) {
            for (Path t : ts.toList()) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    threads.put(Long.parseLong(t.getFileName().toString()), parse(stat));
                } catch (NoSuchFileException ended) {
                    // The thread ended between the listing and the read.
                }
            }
        }
        return new ThreadCpu(nanos, threads);
    }

    /** A task's stat line: {@code tid (name) state ...}; utime and stime are the 14th and 15th fields. */
    static Thread parse(String stat) {
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new Thread(name, Long.parseLong(f[11]) + Long.parseLong(f[12]));
    }

    /** The {@code top} groups that used the most CPU from {@code from} to {@code to}, most first. */
    static List<Group> top(ThreadCpu from, ThreadCpu to, int top) {
        double seconds = (to.nanos - from.nanos) / 1e9;
        Map<String, long[]> groups = new HashMap<>(); // name -> {threads, ticks}
        to.threads.forEach((tid, t) -> {
            Thread before = from.threads.get(tid);
            long ticks = before == null ? t.ticks() : t.ticks() - before.ticks();
            long[] g = groups.computeIfAbsent(t.name().replaceAll("\\d+", ""), k -> new long[2]);
            g[0]++;
            g[1] += ticks;
        });
        return groups.entrySet().stream()
                .map(e -> new Group(e.getKey(), (int) e.getValue()[0], e.getValue()[1] / TICKS / seconds))
                .sorted((a, b) -> Double.compare(b.cores(), a.cores()))
                .limit(top)
                .toList();
    }
}
