package io.zonecam.bench.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.HdrHistogram.Histogram;

/**
 * RegistrationLoad claims cameras against a running control plane as fast as a fixed number of concurrent clients
 * can, while the zone's 40 nodes heartbeat every 10 s as real nodes do (so their leases hold and claims are placed),
 * and checks every claim was placed on a node: any claim stored unplaced fails the run (exit status 1).
 *
 * <p>It sets up its own world through the API (an operator token from the development issuer, an organization, a
 * zone with nodes, provisioned devices), so it needs a local server with the development issuer enabled:
 * {@code scripts/bench-control} does all of it. Args: baseUrl cameras concurrency.
 */
public final class RegistrationLoad {

    private RegistrationLoad() {}

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://localhost:8080";
        int cameras = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        String run = UUID.randomUUID().toString().substring(0, 8);
        ControlApi api = new ControlApi(base);
        String apiKey = api.operator(
                        "POST",
                        "/v1/organizations",
                        "{\"name\":\"bench " + run + "\",\"region\":\"bench-" + run + "\"}",
                        201)
                .path("apiKey")
                .path("key")
                .asText();
        String zone = "bench-" + run;
        String zoneKey = api.zone(zone, zone, 100_000);
        List<NodeHeartbeats.SimNode> nodes = new ArrayList<>();
        for (int n = 0; n < 40; n++) {
            nodes.add(new NodeHeartbeats.SimNode(api.node(zone, zoneKey, "n" + n, 10_000), zoneKey, List.of()));
        }
        String prefix = "B-" + run;
        api.devices(prefix, 0, cameras);
        try (NodeHeartbeats heartbeats = new NodeHeartbeats(api, nodes)) {
            heartbeats.start(10_000);
            // Warm up the JIT and the connection pool on a tenth of the devices, then measure the rest.
            int warmup = cameras / 10;
            Claims.Result warm = Claims.run(api, apiKey, prefix, 0, warmup, concurrency);
            heartbeats.takeLatency();
            Claims.Result r = Claims.run(api, apiKey, prefix, warmup, cameras, concurrency);
            Histogram hb = heartbeats.takeLatency();
            System.out.printf("concurrency=%d: %s%n", concurrency, r.describe());
            System.out.printf(
                    Locale.ROOT,
                    "heartbeats meanwhile: %d nodes every 10 s, p99 %.1f ms, %d failed, %d skipped%n",
                    nodes.size(),
                    hb.getValueAtPercentile(99) / 1e3,
                    heartbeats.failed.get(),
                    heartbeats.skipped.get());
            int bad = warm.failures() + warm.unplaced() + r.failures() + r.unplaced();
            if (bad > 0) {
                System.out.println("FAILED: " + bad + " claims failed or were stored unplaced");
                System.exit(1);
            }
        }
    }
}
