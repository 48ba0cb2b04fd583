package io.zonecam.bench.node;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * PicturesScenario measures issue 13's picture costs on the production node: N cameras record to the S3 server
 * while snapshots are asked for one after another over HTTP (live and recorded, keyframe and exact), giving the
 * latency a client sees and the node CPU each snapshot costs above the recording load; then the same cameras on a
 * node whose thumbnails are all but off, so the difference of the two steady windows is what thumbnails cost per
 * camera, with their PUTs and bytes counted at the S3 server.
 */
record PicturesScenario(Options o, Report report) {

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** One run's steady-window CPU and what its thumbnails stored. */
    private record Run(double cores, double cameraHours, long thumbnailPuts, long thumbnailBytes, double written) {}

    void run(Path run) throws Exception {
        int n = o.number("cameras", 50);
        Run on = measure(run.resolve("thumbnails-on"), n, Map.of(), true);
        // One thumbnail per camera-hour (the longest interval allowed) instead of 360: the rest is the same.
        Run off =
                measure(run.resolve("thumbnails-off"), n, Map.of("ZONECAM_PICTURES_THUMBNAIL_INTERVAL", "PT1H"), false);
        double perCamera = (on.cores() - off.cores()) * 100 / n;
        report.line("");
        report.line(
                "thumbnails: %.3f %% of a core per camera (steady window with thumbnails every 10 s %.3f cores, "
                        + "without %.3f cores, %d cameras)",
                perCamera, on.cores(), off.cores(), n);
        report.result("thumbnail_cpu_percent_per_camera", perCamera);
        report.result("thumbnails_written_per_camera_hour", on.written() / on.cameraHours());
        report.result("thumbnail_pack_puts_per_camera_hour_this_run", on.thumbnailPuts() / on.cameraHours());
        report.result("thumbnail_pack_bytes_per_camera_hour", on.thumbnailBytes() / on.cameraHours());
    }

    private Run measure(Path run, int n, Map<String, String> settings, boolean snapshots) throws Exception {
        Duration warmup = o.seconds("warmup", 120);
        Duration window = o.seconds("window", 60);
        int requests = o.number("requests", 200);
        report.line("");
        report.line(
                "zonecam pictures (%s): %d cameras over %s, warm-up %d s, window %d s, node JVM %s, node on CPU %s, "
                        + "settings %s",
                run.getFileName(),
                n,
                o.protocol().toUpperCase(),
                warmup.toSeconds(),
                window.toSeconds(),
                o.nodeJvm(),
                o.nodeCpu(),
                settings);
        try (ZonecamNode node = ZonecamNode.start(run, o, null, settings)) {
            node.awaitReady(System.nanoTime());
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ids.add(UUID.randomUUID().toString());
            }
            // Four snapshot phases of `requests` each take well under a minute at tens of milliseconds a picture.
            Duration publish = warmup.plus(window).plusSeconds(snapshots ? 120 : 5);
            Instant started = Instant.now();
            long t0 = System.nanoTime();
            double cores;
            try (CameraLoad cams = CameraLoad.onNode(run, "cameras", o, node, ids, publish)) {
                Http.sleepUntil(t0 + warmup.toNanos());
                ProcStats before = ProcStats.of(node.pid());
                Http.sleepUntil(before.nanos() + window.toNanos());
                ProcStats after = ProcStats.of(node.pid());
                cores = ProcStats.cores(before, after);
                report.result(run.getFileName() + "_cpu_cores", cores);
                report.line("  simulator at the window's end: %s", cams.lastSummary());
                if (snapshots) {
                    long deadline =
                            t0 + publish.toNanos() - Duration.ofSeconds(5).toNanos();
                    snapshots(node, ids, started, cores, requests, deadline);
                }
                cams.awaitSent(publish.plusSeconds(60));
            }
            // Sessions ended: every open pack is finished and stored.
            Http.await("the thumbnail packs to be stored", Duration.ofSeconds(60), () -> {
                double stored = node.metric("zonecam_thumbnails_pack_puts_total");
                return stored >= n;
            });
            JsonNode s3 = node.s3Stats();
            double cameraHours = n * Duration.between(started, Instant.now()).toMillis() / 3_600_000.0;
            return new Run(
                    cores,
                    cameraHours,
                    s3.path("thumbnailPuts").asLong(),
                    s3.path("thumbnailBytes").asLong(),
                    node.metric("zonecam_thumbnails_written_total"));
        }
    }

    /** Sequential snapshots of each kind; latency at the client, CPU at the node above the recording load. */
    private void snapshots(
            ZonecamNode node, List<String> ids, Instant started, double baseCores, int requests, long deadline)
            throws IOException, InterruptedException {
        record Kind(String name, boolean recorded, boolean exact) {}
        for (Kind kind : List.of(
                new Kind("live_keyframe", false, false),
                new Kind("live_exact", false, true),
                new Kind("recorded_keyframe", true, false),
                new Kind("recorded_exact", true, true))) {
            long[] micros = new long[requests];
            int ok = 0;
            int failed = 0;
            long bytes = 0;
            ProcStats before = ProcStats.of(node.pid());
            for (int i = 0; i < requests && System.nanoTime() < deadline; i++) {
                String camera = ids.get(i % ids.size());
                Instant at = null;
                if (kind.recorded()) {
                    // Anywhere from 5 s after the cameras started to 90 s ago: recorded snapshots read stored
                    // objects (60 s each), and the newest minute is still being written.
                    long span = Duration.between(
                                    started.plusSeconds(5), Instant.now().minusSeconds(90))
                            .toMillis();
                    at = started.plusSeconds(5)
                            .plusMillis(ThreadLocalRandom.current().nextLong(Math.max(1, span)));
                }
                String url = node.snapshotUrl(camera, at, kind.exact(), started);
                long t = System.nanoTime();
                HttpResponse<byte[]> r = CLIENT.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                long took = (System.nanoTime() - t) / 1000;
                if (r.statusCode() == 200
                        && r.body().length > 2
                        && (r.body()[0] & 0xff) == 0xff
                        && (r.body()[1] & 0xff) == 0xd8) {
                    micros[ok++] = took;
                    bytes += r.body().length;
                } else if (failed++ < 3) {
                    report.line(
                            "  %s failed: %d %s (at %s)",
                            kind.name(),
                            r.statusCode(),
                            new String(r.body(), 0, Math.min(300, r.body().length), StandardCharsets.UTF_8),
                            at);
                }
            }
            ProcStats after = ProcStats.of(node.pid());
            double seconds = (after.nanos() - before.nanos()) / 1e9;
            double snapshotCpu = (after.cpuSeconds() - before.cpuSeconds()) - baseCores * seconds;
            long[] done = Arrays.copyOf(micros, ok);
            Arrays.sort(done);
            double cpuMs = ok == 0 ? -1 : snapshotCpu * 1000 / ok;
            report.line(
                    "  snapshots %s: %d JPEGs (%d failed), p50 %.1f ms, p99 %.1f ms, %.1f ms of node CPU each above "
                            + "recording (%.0f per second per core), %d bytes on average",
                    kind.name(),
                    ok,
                    failed,
                    percentile(done, 0.50) / 1000.0,
                    percentile(done, 0.99) / 1000.0,
                    cpuMs,
                    cpuMs > 0 ? 1000 / cpuMs : -1,
                    ok == 0 ? 0 : bytes / ok);
            report.result("snapshot_" + kind.name() + "_p50_ms", percentile(done, 0.50) / 1000.0);
            report.result("snapshot_" + kind.name() + "_p99_ms", percentile(done, 0.99) / 1000.0);
            report.result("snapshot_" + kind.name() + "_cpu_ms", cpuMs);
            report.result("snapshot_" + kind.name() + "_failed", failed);
        }
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return -1;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
