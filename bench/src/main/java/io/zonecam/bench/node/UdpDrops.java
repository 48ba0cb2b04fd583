package io.zonecam.bench.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * UdpDrops is a snapshot of where the kernel dropped UDP datagrams, as a process's network namespace sees it: the
 * namespace-wide {@code Udp:} counters of {@code /proc/<pid>/net/snmp} (InErrors, of which RcvbufErrors: a receive
 * buffer was full; SndbufErrors: a send buffer was full, which a sender that waits for the socket to drain retries)
 * and, per process, the drops of the UDP sockets it holds (the {@code drops} column of {@code /proc/<pid>/net/udp}
 * and {@code udp6}, mostly receive-buffer overflows of that socket). On loopback every process of the namespace shares
 * the first; the second says whose sockets overflowed. Two snapshots give a window's drops.
 */
record UdpDrops(long inErrors, long rcvbufErrors, long sndbufErrors, long serverSocketDrops, long loadSocketDrops) {

    /** The namespace's counters as {@code serverPid} sees them, and the socket drops of the server and the load. */
    static UdpDrops of(long serverPid, long loadPid) throws IOException {
        long[] udp = snmp(Files.readString(Path.of("/proc", Long.toString(serverPid), "net/snmp")));
        return new UdpDrops(udp[0], udp[1], udp[2], socketDrops(serverPid), socketDrops(loadPid));
    }

    /** This window's drops: {@code this} minus an earlier snapshot. */
    UdpDrops since(UdpDrops from) {
        return new UdpDrops(
                inErrors - from.inErrors,
                rcvbufErrors - from.rcvbufErrors,
                sndbufErrors - from.sndbufErrors,
                serverSocketDrops - from.serverSocketDrops,
                loadSocketDrops - from.loadSocketDrops);
    }

    /** InErrors, RcvbufErrors and SndbufErrors from the text of {@code /proc/net/snmp} (a header line, a values line). */
    static long[] snmp(String text) {
        List<String> udp = text.lines().filter(l -> l.startsWith("Udp: ")).toList();
        if (udp.size() != 2) {
            throw new IllegalArgumentException("no Udp: header and values in /proc/net/snmp");
        }
        List<String> names = List.of(udp.get(0).split("\\s+"));
        String[] values = udp.get(1).split("\\s+");
        long[] out = new long[3];
        int i = 0;
        for (String name : List.of("InErrors", "RcvbufErrors", "SndbufErrors")) {
            int at = names.indexOf(name);
            if (at < 0) {
                throw new IllegalArgumentException("no Udp " + name + " in /proc/net/snmp");
            }
            out[i++] = Long.parseLong(values[at]);
        }
        return out;
    }

    /** The summed {@code drops} of the sockets a process holds open, from {@code /proc/<pid>/net/udp} and udp6. */
    static long socketDrops(long pid) throws IOException {
        Path proc = Path.of("/proc", Long.toString(pid));
        Set<Long> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(Long.parseLong(target.substring(8, target.length() - 1)));
                    }
                } catch (NoSuchFileException closedMeanwhile) {
                    // the descriptor was closed between the listing and the read
                }
            }
        }
        return socketDrops(Files.readString(proc.resolve("net/udp")), inodes)
                + socketDrops(Files.readString(proc.resolve("net/udp6")), inodes);
    }

    /** The summed {@code drops} (last column) of the lines of {@code /proc/net/udp} whose inode is in the set. */
    static long socketDrops(String procNetUdp, Set<Long> inodes) {
        long drops = 0;
        for (String line : procNetUdp.lines().skip(1).toList()) {
            String[] f = line.trim().split("\\s+");
            // sl local rem st tx:rx tr:when retrnsmt uid timeout inode ref pointer drops
            if (f.length >= 13 && inodes.contains(Long.parseLong(f[9]))) {
                drops += Long.parseLong(f[12]);
            }
        }
        return drops;
    }
}
