package io.zonecam.bench.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * RegistrationLoad claims cameras against a running control plane as fast as a fixed number of concurrent
 * clients can, and reports throughput and latency percentiles.
 *
 * <p>It sets up its own world through the API (an operator token from the development issuer, an organization, a
 * zone with nodes, provisioned devices), so it needs a local server with the development issuer enabled:
 * {@code scripts/bench-control} does all of it. Args: baseUrl cameras concurrency.
 */
public final class RegistrationLoad {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RegistrationLoad() {}

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://localhost:8080";
        int cameras = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        String run = UUID.randomUUID().toString().substring(0, 8);

        String operator = call(
                        base, "POST", "/v1/dev/tokens", null, "{\"subject\":\"bench\",\"roles\":[\"operator\"]}", 200)
                .path("token")
                .asText();
        String auth = "Bearer " + operator;
        JsonNode org = call(
                base,
                "POST",
                "/v1/organizations",
                auth,
                "{\"name\":\"bench " + run + "\",\"region\":\"bench-" + run + "\"}",
                201);
        String apiKey = org.path("apiKey").path("key").asText();
        String zoneKey = call(
                        base,
                        "POST",
                        "/v1/zones",
                        auth,
                        "{\"id\":\"bench-" + run + "\",\"region\":\"bench-" + run + "\",\"capacity\":100000}",
                        201)
                .path("nodeEnrollmentKey")
                .asText();
        for (int n = 0; n < 40; n++) {
            callWith(
                    base,
                    "POST",
                    "/v1/nodes",
                    "X-Node-Key",
                    zoneKey,
                    "{\"zone\":\"bench-" + run + "\",\"name\":\"n" + n
                            + "\",\"host\":\"10.0.0." + n + "\",\"httpUrl\":\"http://10.0.0." + n
                            + ":8080\",\"rtspPort\":8554,\"rtmpPort\":1935,\"capacity\":10000}",
                    201);
        }
        for (int from = 0; from < cameras; from += 1000) {
            StringBuilder sb = new StringBuilder("{\"devices\":[");
            for (int i = from; i < Math.min(cameras, from + 1000); i++) {
                sb.append(i == from ? "" : ",")
                        .append("{\"serial\":\"B-")
                        .append(run)
                        .append('-')
                        .append(i)
                        .append("\",\"claimCode\":\"CODE-")
                        .append(i)
                        .append("-x\"}");
            }
            call(base, "POST", "/v1/devices", auth, sb.append("]}").toString(), 200);
        }

        // Warm up the JIT and the connection pool on a tenth of the devices, then measure the rest.
        int warmup = cameras / 10;
        claim(base, apiKey, run, 0, warmup, concurrency, new ConcurrentHistogram(3));
        Histogram latency = new ConcurrentHistogram(3);
        long start = System.nanoTime();
        int failures = claim(base, apiKey, run, warmup, cameras, concurrency, latency);
        double seconds = (System.nanoTime() - start) / 1e9;
        int measured = cameras - warmup;
        System.out.printf("registrations=%d concurrency=%d failures=%d%n", measured, concurrency, failures);
        System.out.printf("throughput: %.0f registrations/s%n", measured / seconds);
        System.out.printf(
                "latency ms: p50=%.1f p90=%.1f p99=%.1f max=%.1f%n",
                latency.getValueAtPercentile(50) / 1e3,
                latency.getValueAtPercentile(90) / 1e3,
                latency.getValueAtPercentile(99) / 1e3,
                latency.getMaxValue() / 1e3);
    }

    private static int claim(
            String base, String apiKey, String run, int from, int to, int concurrency, Histogram latency)
            throws InterruptedException {
        Semaphore permits = new Semaphore(concurrency);
        AtomicInteger failures = new AtomicInteger();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (int i = from; i < to; i++) {
            permits.acquire();
            String body = "{\"serial\":\"B-" + run + "-" + i + "\",\"claimCode\":\"CODE-" + i + "-x\"}";
            HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/v1/cameras"))
                    .header("X-Api-Key", apiKey)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            long t0 = System.nanoTime();
            pending.add(HTTP.sendAsync(req, HttpResponse.BodyHandlers.discarding())
                    .whenComplete((r, e) -> {
                        latency.recordValue((System.nanoTime() - t0) / 1000);
                        if (e != null || r.statusCode() != 201) {
                            failures.incrementAndGet();
                        }
                        permits.release();
                    }));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        return failures.get();
    }

    private static JsonNode call(String base, String method, String path, String auth, String body, int expect)
            throws Exception {
        return callWith(base, method, path, auth == null ? null : "Authorization", auth, body, expect);
    }

    private static JsonNode callWith(
            String base, String method, String path, String header, String value, String body, int expect)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (header != null) {
            b.header(header, value);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expect) {
            throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }
}
