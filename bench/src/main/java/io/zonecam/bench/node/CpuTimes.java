package io.zonecam.bench.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CpuTimes is a snapshot of one CPU's time from {@code /proc/stat} (in USER_HZ ticks): busy (user, nice, system, irq,
 * softirq), of which softirq, steal (taken by the hypervisor) and all. Two snapshots say how full a CPU was in a window,
 * whoever used it: the processes the report names, other processes, or the kernel's packet work.
 */
record CpuTimes(long busy, long softirq, long steal, long total) {

    /** The CPU's line of {@code /proc/stat}, e.g. {@code cpu0}. */
    static CpuTimes of(int cpu) throws IOException {
        return parse(Files.readString(Path.of("/proc/stat")), cpu);
    }

    /** As {@link #of(int)} for a {@code taskset} CPU list that names one CPU; null for a list of several. */
    static CpuTimes of(String cpuList) throws IOException {
        return cpuList.matches("\\d+") ? of(Integer.parseInt(cpuList)) : null;
    }

    static CpuTimes parse(String procStat, int cpu) {
        String prefix = "cpu" + cpu + " ";
        String line = procStat.lines()
                .filter(l -> l.startsWith(prefix))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no " + prefix.trim() + " in /proc/stat"));
        // cpuN user nice system idle iowait irq softirq steal guest guest_nice (guest time is inside user)
        String[] f = line.split("\\s+");
        long[] t = new long[8];
        for (int i = 0; i < t.length; i++) {
            t[i] = Long.parseLong(f[i + 1]);
        }
        long busy = t[0] + t[1] + t[2] + t[5] + t[6];
        return new CpuTimes(busy, t[6], t[7], busy + t[3] + t[4] + t[7]);
    }

    /** The fraction of the window's time the CPU was busy, and of it in softirq, and stolen: {busy, softirq, steal}. */
    static double[] fractions(CpuTimes from, CpuTimes to) {
        if (from == null || to == null) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN};
        }
        double all = Math.max(1, to.total - from.total);
        return new double[] {
            (to.busy - from.busy) / all, (to.softirq - from.softirq) / all, (to.steal - from.steal) / all
        };
    }
}
