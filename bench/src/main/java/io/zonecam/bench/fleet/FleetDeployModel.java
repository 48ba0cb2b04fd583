package io.zonecam.bench.fleet;

import java.util.Locale;

/**
 * FleetDeployModel estimates a rolling deploy of the whole fleet from measured inputs: how long one node takes to
 * drain (from the drain benchmark), to restart and to rejoin, how many cameras each node holds, and how many nodes
 * of a zone are drained at once.
 *
 * <p>Zones are cells deployed in parallel (one CodeDeploy group each); inside a zone, batches of {@code b} nodes go
 * one after another. While a batch is out, the zone's other {@code n - b} nodes hold its cameras, so the spare
 * capacity a zone needs is {@code b / (n - b)} of its load. Run:
 * {@code java -cp bench/target/benchmarks.jar io.zonecam.bench.fleet.FleetDeployModel [drainSeconds restartSeconds]}.
 */
public final class FleetDeployModel {

    private FleetDeployModel() {}

    /** One scenario's inputs. */
    record Inputs(
            int cameras, int nodes, int zones, double drainSeconds, double restartSeconds, double rejoinSeconds) {}

    /** One scenario's result for a batch size. */
    record Result(int batch, double spareFraction, double batchSeconds, int batches, double totalMinutes) {}

    static Result model(Inputs in, int batch) {
        int nodesPerZone = in.nodes() / in.zones();
        double spare = batch / (double) (nodesPerZone - batch);
        double batchSeconds = in.drainSeconds() + in.restartSeconds() + in.rejoinSeconds();
        int batches = (int) Math.ceil(nodesPerZone / (double) batch);
        return new Result(batch, spare, batchSeconds, batches, batches * batchSeconds / 60.0);
    }

    public static void main(String[] args) {
        // Defaults: the README's measured drain of a full node and restart of a node on this machine kind.
        double drain = args.length > 0 ? Double.parseDouble(args[0]) : 30.0;
        double restart = args.length > 1 ? Double.parseDouble(args[1]) : 10.0;
        double rejoin = args.length > 2 ? Double.parseDouble(args[2]) : 2.0;
        Inputs in = new Inputs(1_000_000, 2_000, 50, drain, restart, rejoin);
        System.out.printf(
                Locale.ROOT,
                "fleet: %,d cameras, %,d nodes in %d zones (%d nodes, %,d cameras per node)%n",
                in.cameras(),
                in.nodes(),
                in.zones(),
                in.nodes() / in.zones(),
                in.cameras() / in.nodes());
        System.out.printf(
                Locale.ROOT, "per batch: drain %.1f s + restart %.1f s + rejoin %.1f s%n", drain, restart, rejoin);
        System.out.printf(
                Locale.ROOT, "%6s  %8s  %9s  %8s  %10s%n", "batch", "spare", "batch s", "batches", "total min");
        for (int b : new int[] {1, 2, 4, 8}) {
            Result r = model(in, b);
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
}
