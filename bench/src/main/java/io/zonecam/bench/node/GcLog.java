package io.zonecam.bench.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GcLog reads the node's unified GC log ({@code -Xlog:gc:file=...:time}): every pause with its wall-clock time,
 * length and heap occupancy after it, and the collector the JVM chose.
 */
final class GcLog {

    /** One pause: when it ended (epoch ms), how long it took, the heap after it (MiB), whether a full collection. */
    record Pause(long atMillis, double millis, long heapAfterMiB, boolean full) {}

    private static final Pattern PAUSE =
            Pattern.compile("^\\[([^\\]]+)\\].*GC\\(\\d+\\) Pause .*?(\\d+)M->(\\d+)M\\((\\d+)M\\) ([0-9.]+)ms");
    private static final Pattern USING = Pattern.compile("Using (\\S+)");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    final String collector;
    final List<Pause> pauses;
    /** Pause lines whose time could not be read (a line cut short when the node was killed, say): skipped, counted. */
    final int unreadable;

    private GcLog(String collector, List<Pause> pauses, int unreadable) {
        this.collector = collector;
        this.pauses = pauses;
        this.unreadable = unreadable;
    }

    static GcLog read(Path file) throws IOException {
        String collector = "?";
        List<Pause> pauses = new ArrayList<>();
        int unreadable = 0;
        if (!Files.exists(file)) {
            return new GcLog(collector, pauses, unreadable);
        }
        for (String line : Files.readAllLines(file)) {
            Matcher u = USING.matcher(line);
            if (collector.equals("?") && u.find()) {
                collector = u.group(1);
            }
            Matcher m = PAUSE.matcher(line);
            if (m.find()) {
                Long at = epochMillis(m.group(1));
                if (at == null) {
                    unreadable++;
                    continue;
                }
                pauses.add(new Pause(
                        at, Double.parseDouble(m.group(5)), Long.parseLong(m.group(3)), line.contains("Pause Full")));
            }
        }
        return new GcLog(collector, pauses, unreadable);
    }

    /** The time decorator as epoch ms; null when it is neither the JVM's own form nor ISO-8601 with an offset. */
    private static Long epochMillis(String time) {
        for (DateTimeFormatter f : List.of(TIME, DateTimeFormatter.ISO_OFFSET_DATE_TIME)) {
            try {
                return OffsetDateTime.parse(time, f).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                // try the next form
            }
        }
        return null;
    }

    List<Pause> between(long fromMillis, long toMillis) {
        return pauses.stream()
                .filter(p -> p.atMillis() >= fromMillis && p.atMillis() < toMillis)
                .toList();
    }

    static double totalMillis(List<Pause> pauses) {
        return pauses.stream().mapToDouble(Pause::millis).sum();
    }

    static double maxMillis(List<Pause> pauses) {
        return pauses.stream().mapToDouble(Pause::millis).max().orElse(0);
    }

    /**
     * Least-squares slope of heap-after-GC over time, MiB per hour (the soak's leak signal). With at least three full
     * collections it is fitted to them alone: after a full collection the heap holds only what is retained. Without,
     * to each minute's lowest heap after a pause: after a young collection the heap still holds the old generation's
     * garbage, so the minimum per minute comes closest (measured in a 30-minute soak: full collections flat at
     * -1.5 MiB/h while the per-minute minima read +90, pulled up by the last minute's young collections).
     */
    static double heapSlopeMiBPerHour(List<Pause> pauses) {
        List<Pause> full = pauses.stream().filter(Pause::full).toList();
        if (full.size() >= 3) {
            return Slope.perHour(
                    full.stream().mapToLong(Pause::atMillis).toArray(),
                    full.stream().mapToDouble(Pause::heapAfterMiB).toArray());
        }
        java.util.TreeMap<Long, Long> lowest = new java.util.TreeMap<>();
        for (Pause p : pauses) {
            lowest.merge(p.atMillis() / 60_000, p.heapAfterMiB(), Math::min);
        }
        return Slope.perHour(
                lowest.keySet().stream().mapToLong(m -> m * 60_000).toArray(),
                lowest.values().stream().mapToDouble(Long::doubleValue).toArray());
    }
}
