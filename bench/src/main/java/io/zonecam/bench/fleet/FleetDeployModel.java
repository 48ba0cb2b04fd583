package io.zonecam.bench.fleet;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

/**
 * FleetDeployModel estimates a rolling deploy of the whole fleet from measured inputs: how long one node takes to
 * drain its cameras onto the others (as measured when the drain was measured at the fleet's cameras per node, else
 * scaled to them, which it prints), to start again and to rejoin, plus the overheads that cannot be measured here
 * (CodeDeploy, EC2), which are listed apart with their sources.
 *
 * <p>Zones are cells deployed in parallel (one CodeDeploy group each); inside a zone, batches of {@code b} nodes go
 * one after another. While a batch is out, the zone's other {@code n - b} nodes hold its cameras, so the spare
 * capacity a zone needs is {@code b / (n - b)} of its load. Run:
 * {@code java -cp bench/target/benchmarks.jar io.zonecam.bench.fleet.FleetDeployModel [cameras nodes zones
 * [measurements.properties [assumptions.properties]]]}; defaults 1,000,000 cameras, 2,000 nodes, 50 zones and the
 * files in {@code bench/fleet/}.
 */
public final class FleetDeployModel {

    /** Batch sizes printed; the target is met by one within {@link #MAX_SPARE} and {@link #TARGET_MINUTES}. */
    static final int[] BATCHES = {1, 2, 4, 8};

    /** The inputs that cannot be measured here, each {@code <key>.seconds} with its {@code <key>.source}. */
    static final String[] ASSUMED = {"codedeploy.overhead", "codedeploy.hook_polling", "ec2.boot"};

    static final double TARGET_MINUTES = 60;
    static final double MAX_SPARE = 0.05;

    private FleetDeployModel() {}

    /** The fleet's shape. */
    record Fleet(int cameras, int nodes, int zones) {
        int camerasPerNode() {
            return (int) Math.ceil(cameras / (double) nodes);
        }

        int nodesPerZone() {
            return nodes / zones;
        }
    }

    /** Seconds of one batch's steps: drain (for the cameras per node), start, rejoin, and the assumed overheads. */
    record Steps(double drain, double start, double rejoin, double overhead) {
        double total() {
            return drain + start + rejoin + overhead;
        }
    }

    /** One batch size's result. */
    record Result(int batch, double spareFraction, double batchSeconds, int batches, double totalMinutes) {}

    /**
     * The drain of a node holding {@code cameras}: the measured drain as is when it was measured at that node size,
     * else scaled linearly by cameras (moves are paced in waves, so a node twice as full takes about twice as long;
     * the fixed part is conservatively scaled too).
     */
    static double drainSeconds(Properties measured, int cameras) {
        double seconds = number(measured, "drain.seconds");
        int at = (int) number(measured, "drain.cameras");
        return at == cameras ? seconds : seconds * cameras / at;
    }

    static Steps steps(Fleet fleet, Properties measured, Properties assumed) {
        return new Steps(
                drainSeconds(measured, fleet.camerasPerNode()),
                number(measured, "node.start_to_ready.seconds"),
                number(measured, "node.rejoin.seconds"),
                assumedSeconds(assumed));
    }

    /** The assumed per-batch overheads, summed. */
    static double assumedSeconds(Properties assumed) {
        double sum = 0;
        for (String key : ASSUMED) {
            sum += number(assumed, key + ".seconds");
        }
        return sum;
    }

    static Result model(Fleet fleet, Steps steps, int batch) {
        int n = fleet.nodesPerZone();
        double spare = batch / (double) (n - batch);
        int batches = (int) Math.ceil(n / (double) batch);
        return new Result(batch, spare, steps.total(), batches, batches * steps.total() / 60.0);
    }

    /** The fastest batch size whose spare capacity stays within {@code maxSpare}, or null when none does. */
    static Result fastestWithin(Fleet fleet, Steps steps, double maxSpare) {
        Result best = null;
        for (int b : BATCHES) {
            Result r = model(fleet, steps, b);
            if (r.spareFraction() <= maxSpare && (best == null || r.totalMinutes() < best.totalMinutes())) {
                best = r;
            }
        }
        return best;
    }

    public static void main(String[] args) throws IOException {
        Fleet fleet = new Fleet(
                args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000,
                args.length > 1 ? Integer.parseInt(args[1]) : 2_000,
                args.length > 2 ? Integer.parseInt(args[2]) : 50);
        Path measuredFile = Path.of(args.length > 3 ? args[3] : "bench/fleet/measurements.properties");
        Path assumedFile = Path.of(args.length > 4 ? args[4] : "bench/fleet/assumptions.properties");
        Properties measured = read(measuredFile);
        Properties assumed = read(assumedFile);
        Steps s = steps(fleet, measured, assumed);
        System.out.printf(
                Locale.ROOT,
                "fleet: %,d cameras, %,d nodes in %d zones (%d nodes, %,d cameras per node)%n",
                fleet.cameras(),
                fleet.nodes(),
                fleet.zones(),
                fleet.nodesPerZone(),
                fleet.camerasPerNode());
        System.out.printf("measured (%s):%n", measuredFile);
        int drainedAt = (int) number(measured, "drain.cameras");
        if (drainedAt == fleet.camerasPerNode()) {
            System.out.printf(
                    Locale.ROOT,
                    "  drain %.1f s for %d cameras, measured at this node size [%s]%n",
                    s.drain(),
                    drainedAt,
                    measured.getProperty("drain.command"));
        } else {
            System.out.printf(
                    Locale.ROOT,
                    "  drain %.1f s MEASURED AT %d CAMERAS, NOT %d [%s]%n  -> scaled linearly: %.1f s%n",
                    number(measured, "drain.seconds"),
                    drainedAt,
                    fleet.camerasPerNode(),
                    measured.getProperty("drain.command"),
                    s.drain());
        }
        if (measured.getProperty("drain.empty_seconds") != null) {
            System.out.printf(
                    Locale.ROOT,
                    "    empty after %.1f s, empty and uploaded after %.1f s%n",
                    number(measured, "drain.empty_seconds"),
                    number(measured, "drain.seconds"));
        }
        if (measured.getProperty("drain.recordings") != null) {
            System.out.printf("    recordings across the drain: %s%n", measured.getProperty("drain.recordings"));
        }
        System.out.printf(
                Locale.ROOT,
                "  start to ready %.1f s [%s]%n  rejoin %.1f s [%s]%n",
                s.start(),
                measured.getProperty("node.start_to_ready.command"),
                s.rejoin(),
                measured.getProperty("node.rejoin.command"));
        System.out.printf("assumed, not measurable here (%s):%n", assumedFile);
        for (String key : ASSUMED) {
            System.out.printf(
                    Locale.ROOT,
                    "  %s %.1f s [%s]%n",
                    key,
                    number(assumed, key + ".seconds"),
                    assumed.getProperty(key + ".source"));
        }
        System.out.printf(
                Locale.ROOT, "%6s  %8s  %9s  %8s  %10s%n", "batch", "spare", "batch s", "batches", "total min");
        for (int b : BATCHES) {
            Result r = model(fleet, s, b);
            System.out.printf(
                    Locale.ROOT,
                    "%6d  %7.1f%%  %9.1f  %8d  %10.1f%n",
                    r.batch(),
                    r.spareFraction() * 100,
                    r.batchSeconds(),
                    r.batches(),
                    r.totalMinutes());
        }
        Result best = fastestWithin(fleet, s, MAX_SPARE);
        System.out.printf(
                Locale.ROOT,
                "target <= %.0f min with <= %.0f %% spare: %s%n",
                TARGET_MINUTES,
                MAX_SPARE * 100,
                best == null
                        ? "NOT MET (every batch size needs more spare)"
                        : String.format(
                                Locale.ROOT,
                                "%s (batch %d: %.1f min, %.1f %% spare)",
                                best.totalMinutes() <= TARGET_MINUTES ? "met" : "NOT MET",
                                best.batch(),
                                best.totalMinutes(),
                                best.spareFraction() * 100));
    }

    static Properties read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        return p;
    }

    private static double number(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException("missing input " + key);
        }
        return Double.parseDouble(v.trim());
    }
}
