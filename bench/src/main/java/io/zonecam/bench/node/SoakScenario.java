package io.zonecam.bench.node;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * SoakScenario: N recording cameras and M viewers (of the first camera) together for a long time (30 minutes at
 * 80 % of the knee in the README). Samples the node every 10 s after the warm-up and reports the slopes of RSS and
 * of heap-after-GC (a leak shows as a positive slope), threads and open files at the start and the end, viewer
 * loss, and every frame checked in the recordings.
 */
record SoakScenario(Options o, Report report) {

    void run(Path run) throws Exception {
        int n = o.number("cameras", 50);
        int m = o.number("viewers", 50);
        Duration warmup = o.seconds("warmup", 120);
        Duration duration = o.seconds("duration", 1800);
        report.line(
                "soak: %d cameras and %d viewers for %d s after a %d s warm-up, node JVM %s, node on CPU %s",
                n, m, duration.toSeconds(), warmup.toSeconds(), o.nodeJvm(), o.nodeCpu());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(UUID.randomUUID().toString());
        }
        // A 30-minute soak of 2 Mb/s cameras would fill the disk: the store keeps the objects of the first
        // --verify-cameras cameras (checked frame by frame at the end) and counts and drops the others.
        List<String> verified = List.copyOf(ids.subList(0, Math.min(n, o.number("verify-cameras", 10))));
        Path keep = java.nio.file.Files.write(run.resolve("keep-cameras.txt"), verified);
        long started = System.nanoTime();
        try (ZonecamNode node = ZonecamNode.start(run, o, keep, Map.of())) {
            report.result("node_start_to_ready_ms", node.awaitReady(started));
            Instant from = Instant.now().minusSeconds(60);
            Duration publish = warmup.plus(duration).plusSeconds(5);
            List<ProcStats> samples = new ArrayList<>();
            List<Long> sampleMillis = new ArrayList<>();
            List<CameraLoad.Sent> sent;
            JsonNode v0;
            JsonNode v1;
            long wallBefore;
            long t0 = System.nanoTime();
            Duration beforeViewers = warmup.dividedBy(2);
            try (CameraLoad cams = CameraLoad.onNode(run, "cameras", o, node, ids, publish);
                    // Viewers join once the watched camera is live (before, WHEP answers 404).
                    ViewerLoad viewers = startViewers(
                            run,
                            node,
                            ids.get(0),
                            m,
                            t0 + beforeViewers.toNanos(),
                            publish.minus(beforeViewers).minusSeconds(3))) {
                Http.sleepUntil(t0 + warmup.toNanos());
                wallBefore = System.currentTimeMillis();
                v0 = viewers.progress();
                long end = System.nanoTime() + duration.toNanos();
                while (System.nanoTime() < end) {
                    samples.add(ProcStats.of(node.pid()));
                    sampleMillis.add(System.currentTimeMillis());
                    Http.sleepUntil(Math.min(end, samples.getLast().nanos() + 10_000_000_000L));
                }
                samples.add(ProcStats.of(node.pid()));
                sampleMillis.add(System.currentTimeMillis());
                v1 = viewers.progress();
                report.line("  simulator at the end: %s", cams.lastSummary());
                sent = cams.awaitSent(Duration.ofSeconds(90));
                viewers.awaitSummary(Duration.ofSeconds(30));
            }
            RecordScenarioUploads.await(node);
            Instant to = Instant.now().plusSeconds(60);
            RecordingCheck.Result check = RecordingCheck.check(
                    sent.stream().filter(x -> verified.contains(x.cameraId())).toList(),
                    id -> node.playlistUrl(id, from, to));
            report.result("soak_cameras_checked_frame_by_frame", check.cameras());
            GcLog gc = GcLog.read(node.gcLog);
            List<GcLog.Pause> pauses = gc.between(wallBefore, System.currentTimeMillis());
            ProcStats first = samples.getFirst();
            ProcStats last = samples.getLast();
            long[] at = sampleMillis.stream().mapToLong(Long::longValue).toArray();
            double[] rss =
                    samples.stream().mapToDouble(s -> s.rssKiB() / 1024.0).toArray();
            report.result("soak_seconds", duration.toSeconds());
            report.result("soak_cpu_cores", ProcStats.cores(first, last));
            report.result("soak_rss_first_mib", first.rssKiB() / 1024.0);
            report.result("soak_rss_last_mib", last.rssKiB() / 1024.0);
            report.result("soak_rss_slope_mib_per_hour", Slope.perHour(at, rss));
            report.result("soak_gc", gc.collector);
            report.result("soak_gc_lines_unreadable", gc.unreadable);
            report.result("soak_gc_pauses", pauses.size());
            report.result("soak_gc_pause_max_ms", GcLog.maxMillis(pauses));
            report.result(
                    "soak_heap_after_gc_first_mib",
                    pauses.isEmpty() ? -1 : pauses.getFirst().heapAfterMiB());
            report.result(
                    "soak_heap_after_gc_last_mib",
                    pauses.isEmpty() ? -1 : pauses.getLast().heapAfterMiB());
            report.result("soak_heap_after_gc_slope_mib_per_hour", GcLog.heapSlopeMiBPerHour(pauses));
            report.result("soak_threads_first", first.threads());
            report.result("soak_threads_last", last.threads());
            report.result("soak_open_files_first", first.openFiles());
            report.result("soak_open_files_last", last.openFiles());
            long received = v1.path("received").asLong() - v0.path("received").asLong();
            long lost = v1.path("lost").asLong() - v0.path("lost").asLong();
            report.result("soak_viewers_connected", v1.path("connected").asInt());
            report.result("soak_viewers_failed", v1.path("failed").asInt());
            report.result("soak_viewer_loss_percent", received + lost == 0 ? 100.0 : lost * 100.0 / (received + lost));
            report.result("soak_viewer_auth_failures", v1.path("authFailures").asLong());
            report.result("soak_frames_sent", check.sent());
            report.result("soak_frames_lost", check.lost());
            report.result("soak_frames_duplicated", check.duplicated());
            report.result(
                    "soak_simulator_frames_dropped_or_skipped",
                    sent.stream().mapToLong(s -> s.dropped() + s.skipped()).sum());
        }
    }

    private ViewerLoad startViewers(Path run, ZonecamNode node, String camera, int m, long at, Duration duration)
            throws Exception {
        Http.sleepUntil(at);
        List<String> target = List.of("whep", node.whepUrl(camera), node.tokens.live(camera, duration.plusHours(1)));
        return new ViewerLoad(
                run,
                "viewers",
                o.benchJar(),
                Child.Placement.on(o.loadCpu()),
                target,
                m,
                duration,
                "127.0.0.1",
                25,
                o.viewerJvm());
    }
}
