package io.zonecam.bench.control;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Claims claims provisioned devices as fast as a fixed number of concurrent clients can and checks every answer:
 * a claim counts as done only when it answered 201 and the camera is placed on a node ({@code nodeId} set). A claim
 * stored unplaced is an error of the run, not a success.
 */
final class Claims {

    /** The outcome of one claim phase. */
    record Result(int claims, double seconds, Histogram latency, int failures, int unplaced) {
        double perSecond() {
            return claims / seconds;
        }

        String describe() {
            return String.format(
                    Locale.ROOT,
                    "%d claims, %.0f/s, p50 %.1f ms, p99 %.1f ms, max %.1f ms, %d failed, %d unplaced",
                    claims,
                    perSecond(),
                    latency.getValueAtPercentile(50) / 1e3,
                    latency.getValueAtPercentile(99) / 1e3,
                    latency.getMaxValue() / 1e3,
                    failures,
                    unplaced);
        }
    }

    private Claims() {}

    /** Claims devices {@code <prefix>-<from>} to {@code <prefix>-<to - 1>} with the organization's API key. */
    static Result run(ControlApi api, String apiKey, String prefix, int from, int to, int concurrency)
            throws InterruptedException {
        Semaphore permits = new Semaphore(concurrency);
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger unplaced = new AtomicInteger();
        Histogram latency = new ConcurrentHistogram(3);
        List<CompletableFuture<?>> pending = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = from; i < to; i++) {
            permits.acquire();
            String body = "{\"serial\":\"" + prefix + "-" + i + "\",\"claimCode\":\"" + ControlApi.claimCode(i) + "\"}";
            long t0 = System.nanoTime();
            pending.add(ControlApi.HTTP
                    .sendAsync(
                            api.request("/v1/cameras", "X-Api-Key", apiKey, "POST", body),
                            HttpResponse.BodyHandlers.ofString())
                    .whenComplete((r, e) -> {
                        latency.recordValue((System.nanoTime() - t0) / 1000);
                        if (e != null || r.statusCode() != 201) {
                            failures.incrementAndGet();
                        } else if (!placed(r.body())) {
                            unplaced.incrementAndGet();
                        }
                        permits.release();
                    }));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        return new Result(to - from, (System.nanoTime() - start) / 1e9, latency, failures.get(), unplaced.get());
    }

    private static boolean placed(String body) {
        try {
            // The 201 body is a registration: {camera, credentials, assignment, mqtt}; the node is the assignment's.
            JsonNode node = ControlApi.JSON.readTree(body).path("assignment").path("nodeId");
            return node.isTextual() && !node.asText().isEmpty();
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
