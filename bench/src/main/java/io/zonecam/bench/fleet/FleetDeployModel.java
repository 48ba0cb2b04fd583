package io.zonecam.bench.fleet;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

/**
 * FleetDeployModel estimates a rolling deploy of the whole fleet from measured inputs: how long one node takes to
 * drain its cameras onto the others (scaled to the cameras each node holds), to start again and to rejoin, plus the
 * overheads that cannot be measured here (CodeDeploy, EC2), which are listed apart with their sources.
 *
 * <p>Zones are cells deployed in parallel (one CodeDeploy group each); inside a zone, batches of {@code b} nodes go
 * one after another. While a batch is out, the zone's other {@code n - b} nodes hold its cameras, so the spare
 * capacity a zone needs is {@code b / (n - b)} of its load. Run:
 * {@code java -cp bench/target/benchmarks.jar io.zonecam.bench.fleet.FleetDeployModel [cameras nodes zones
 * [measurements.properties [assumptions.properties]]]}; defaults 1,000,000 cameras, 2,000 nodes, 50 zones and the
 * files in {@code bench/fleet/}.
 */
public final class FleetDeployModel {

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
     * The drain of a node holding {@code cameras}: the measured drain scaled linearly by cameras (moves are paced
     * in waves, so a node twice as full takes about twice as long; the fixed part is conservatively scaled too).
     */
    static double drainSeconds(Properties measured, int cameras) {
        double seconds = number(measured, "drain.seconds");
        int at = (int) number(measured, "drain.cameras");
        return seconds * cameras / at;
    }

    static Steps steps(Fleet fleet, Properties measured, Properties assumed) {
        return new Steps(
                drainSeconds(measured, fleet.camerasPerNode()),
                number(measured, "node.start_to_ready.seconds"),
                number(measured, "node.rejoin.seconds"),
                number(assumed, "codedeploy.overhead.seconds") + number(assumed, "ec2.boot.seconds"));
    }

    static Result model(Fleet fleet, Steps steps, int batch) {
        int n = fleet.nodesPerZone();
        double spare = batch / (double) (n - batch);
        int batches = (int) Math.ceil(n / (double) batch);
        return new Result(batch, spare, steps.total(), batches, batches * steps.total() / 60.0);
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
        System.out.printf(
                Locale.ROOT,
                "  drain %.1f s for %d cameras [%s]%n  -> %.1f s for %d cameras per node%n",
                number(measured, "drain.seconds"),
                (int) number(measured, "drain.cameras"),
                measured.getProperty("drain.command"),
                s.drain(),
                fleet.camerasPerNode());
        System.out.printf(
                Locale.ROOT,
                "  start to ready %.1f s [%s]%n  rejoin %.1f s [%s]%n",
                s.start(),
                measured.getProperty("node.start_to_ready.command"),
                s.rejoin(),
                measured.getProperty("node.rejoin.command"));
        System.out.printf("assumed, not measurable here (%s):%n", assumedFile);
        for (String key : new String[] {"codedeploy.overhead", "ec2.boot"}) {
            System.out.printf(
                    Locale.ROOT,
                    "  %s %.1f s [%s]%n",
                    key,
                    number(assumed, key + ".seconds"),
                    assumed.getProperty(key + ".source"));
        }
        System.out.printf(
                Locale.ROOT, "%6s  %8s  %9s  %8s  %10s%n", "batch", "spare", "batch s", "batches", "total min");
        for (int b : new int[] {1, 2, 4, 8}) {
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
