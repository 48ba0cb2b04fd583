package io.zonecam.bench.control;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonecam.control.allocation.FleetReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.HdrHistogram.Histogram;

/**
 * ControlPlaneAtAMillion measures the control plane with a full-size fleet in its database: 1,000,000 cameras on
 * 2,000 nodes in 50 zones, every node heartbeating every 10 s with its camera list, then claim throughput and p99
 * (every claim must be placed), heartbeat capacity, camera list and search p99 for an organization of 50,000
 * cameras, and the time of one fleet snapshot as the allocator reads it. {@code scripts/bench-control-million}
 * makes the database and starts the server.
 *
 * <p>Args: baseUrl jdbcUrl [cameras nodes zones claims concurrency].
 */
public final class ControlPlaneAtAMillion {

    private ControlPlaneAtAMillion() {}

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String jdbc = args[1];
        int cameras = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
        int nodeCount = args.length > 3 ? Integer.parseInt(args[3]) : 2_000;
        int zoneCount = args.length > 4 ? Integer.parseInt(args[4]) : 50;
        int claims = args.length > 5 ? Integer.parseInt(args[5]) : 10_000;
        int concurrency = args.length > 6 ? Integer.parseInt(args[6]) : 16;
        int bigOrg = 50_000;
        boolean failed;
        ControlApi api = new ControlApi(base);

        long t0 = System.nanoTime();
        int perZone = nodeCount / zoneCount;
        int nodeCapacity = (int) Math.ceil(cameras / (double) nodeCount * 1.2);
        List<String> zoneKeys = new ArrayList<>();
        List<String[]> nodeRows = new ArrayList<>();
        for (int z = 0; z < zoneCount; z++) {
            String zone = String.format(Locale.ROOT, "mz-%02d", z);
            String key = api.zone(zone, "bench", perZone * nodeCapacity);
            zoneKeys.add(key);
            for (int n = 0; n < perZone; n++) {
                nodeRows.add(new String[] {api.node(zone, key, "n" + n, nodeCapacity), key});
            }
        }
        JsonNode org = api.operator("POST", "/v1/organizations", "{\"name\":\"big\",\"region\":\"bench\"}", 201);
        UUID bigOrgId = UUID.fromString(
                org.path("organization").path("id").asText(org.path("id").asText()));
        String bigKey = org.path("apiKey").path("key").asText();
        MillionFixture.load(jdbc, bigOrgId, bigOrg, cameras);
        Map<String, List<UUID>> byNode = MillionFixture.camerasByNode(jdbc);
        System.out.printf(
                Locale.ROOT,
                "loaded %,d cameras on %,d nodes in %d zones (node capacity %d) in %.0f s%n",
                byNode.values().stream().mapToInt(List::size).sum(),
                nodeRows.size(),
                zoneCount,
                nodeCapacity,
                (System.nanoTime() - t0) / 1e9);

        List<NodeHeartbeats.SimNode> nodes = new ArrayList<>();
        for (String[] row : nodeRows) {
            nodes.add(new NodeHeartbeats.SimNode(row[0], row[1], byNode.getOrDefault(row[0], List.of())));
        }
        // The bulk load outlasts the 30 s lease the nodes got at registration: like nodes starting, they register
        // again (same names, same ids, leases renewed) right before their heartbeats begin.
        for (int i = 0; i < nodeRows.size(); i++) {
            String zone = String.format(Locale.ROOT, "mz-%02d", i / perZone);
            String again = api.node(zone, nodeRows.get(i)[1], "n" + (i % perZone), nodeCapacity);
            if (!again.equals(nodeRows.get(i)[0])) {
                throw new IllegalStateException("node n" + (i % perZone) + " of " + zone + " came back as " + again);
            }
        }
        String claimOrgKey = api.operator(
                        "POST", "/v1/organizations", "{\"name\":\"claims\",\"region\":\"bench\"}", 201)
                .path("apiKey")
                .path("key")
                .asText();
        api.devices("C", 0, claims + claims / 5);
        try (NodeHeartbeats heartbeats = new NodeHeartbeats(api, nodes)) {
            heartbeats.start(10_000);
            Thread.sleep(12_000); // one full round: every node has heartbeated once with its list
            heartbeats.takeLatency();
            long hb0 = heartbeats.sent.get();
            Claims.Result warm = Claims.run(api, claimOrgKey, "C", 0, claims / 5, concurrency);
            heartbeats.takeLatency();
            hb0 = heartbeats.sent.get();
            long hbFailed0 = heartbeats.failed.get();
            MillionFixture.resetStatements(jdbc);
            Claims.Result r = Claims.run(api, claimOrgKey, "C", claims / 5, claims + claims / 5, concurrency);
            Histogram hb = heartbeats.takeLatency();
            MillionFixture.printStatements(jdbc, "claims");
            result("claims_per_second", r.perSecond());
            result("claims_p50_ms", r.latency().getValueAtPercentile(50) / 1e3);
            result("claims_p99_ms", r.latency().getValueAtPercentile(99) / 1e3);
            result("claims_failed", r.failures() + warm.failures());
            result("claims_unplaced", r.unplaced() + warm.unplaced());
            failed = r.unplaced() + warm.unplaced() + r.failures() + warm.failures() > 0;
            result("heartbeat_failures_by_status", heartbeats.failuresByStatus());
            result("heartbeats_during_claims_per_second", (heartbeats.sent.get() - hb0) / r.seconds());
            result("heartbeats_during_claims_p99_ms", hb.getValueAtPercentile(99) / 1e3);
            result("heartbeats_during_claims_failed", heartbeats.failed.get() - hbFailed0);
            result("heartbeats_skipped", heartbeats.skipped.get());

            Histogram list = new org.HdrHistogram.ConcurrentHistogram(3);
            Histogram search = new org.HdrHistogram.ConcurrentHistogram(3);
            String cursor = null;
            MillionFixture.resetStatements(jdbc);
            for (int i = 0; i < 300; i++) {
                String path = "/v1/cameras?limit=100" + (cursor == null ? "" : "&cursor=" + enc(cursor));
                long t = System.nanoTime();
                JsonNode page = api.call("GET", path, "X-Api-Key", bigKey, null, 200);
                list.recordValue((System.nanoTime() - t) / 1000);
                cursor = page.path("nextCursor").isNull()
                        ? null
                        : page.path("nextCursor").asText(null);
            }
            for (int i = 0; i < 200; i++) {
                long t = System.nanoTime();
                api.call(
                        "GET",
                        "/v1/cameras?limit=50&q=" + enc("Camera " + (1 + i * 97)),
                        "X-Api-Key",
                        bigKey,
                        null,
                        200);
                search.recordValue((System.nanoTime() - t) / 1000);
            }
            MillionFixture.printStatements(jdbc, "list-search");
            result("list_p50_ms", list.getValueAtPercentile(50) / 1e3);
            result("list_p99_ms", list.getValueAtPercentile(99) / 1e3);
            result("search_p50_ms", search.getValueAtPercentile(50) / 1e3);
            result("search_p99_ms", search.getValueAtPercentile(99) / 1e3);
            heartbeats.close();

            double[] snapshots = new double[10];
            for (int i = 0; i < snapshots.length; i++) {
                snapshots[i] = MillionFixture.snapshotMillis(jdbc, FleetReader.ZONES, FleetReader.NODES);
            }
            Arrays.sort(snapshots);
            result("fleet_snapshot_median_ms", snapshots[snapshots.length / 2]);
            result("fleet_snapshot_max_ms", snapshots[snapshots.length - 1]);
        }
        try (NodeHeartbeats capacity = new NodeHeartbeats(api, nodes)) {
            capacity.takeLatency();
            long t = System.nanoTime();
            capacity.saturate(concurrency, 20_000);
            double seconds = (System.nanoTime() - t) / 1e9;
            Histogram h = capacity.takeLatency();
            result("heartbeat_capacity_per_second", (capacity.sent.get() - capacity.failed.get()) / seconds);
            result("heartbeat_capacity_p99_ms", h.getValueAtPercentile(99) / 1e3);
            result("heartbeat_capacity_failed", capacity.failed.get());
            result("heartbeat_failures_by_status", capacity.failuresByStatus());
        }
        System.exit(failed ? 1 : 0);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void result(String name, Object value) {
        System.out.println("result " + name + "="
                + (value instanceof Double d ? String.format(Locale.ROOT, "%.2f", d) : String.valueOf(value)));
    }
}
