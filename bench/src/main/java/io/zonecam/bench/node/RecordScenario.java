package io.zonecam.bench.node;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * RecordScenario: N cameras publish to the stream node, which records them to the S3 server; CPU, memory and GC of
 * the node over a steady window after the warm-up; PUTs and bytes at the store; every frame checked in the
 * recordings. Then, in the same run, the same N cameras against nginx-rtmp recording to disk (unless
 * {@code --peer none}), and the ratio of recording cameras per core.
 */
record RecordScenario(Options o, Report report) {

    /** The node's picture workers ({@code zonecam-pictures-N}) as /proc names them: cut to 15 characters. */
    static final String PICTURE_THREADS = "zonecam-picture";

    /** What one target did with the load, for the comparison. */
    record Figures(String target, int cameras, double cores, long rssKiB, long lost, long sent) {
        double percentPerCamera() {
            return cores * 100 / cameras;
        }
    }

    void run(Path run) throws Exception {
        int n = o.number("cameras", 50);
        String heading = String.format("%d cameras, node CPU %s", n, o.nodeCpu());
        SideBySide.run(o, report, run, n, "nginx", heading, this::zonecam, this::nginx, (zonecam, nginx) -> {
            report.line(
                    "  zonecam %.3f %% of a core per camera, RSS %d MiB; nginx-rtmp %.3f %%, RSS %d MiB",
                    zonecam.percentPerCamera(),
                    zonecam.rssKiB() / 1024,
                    nginx.percentPerCamera(),
                    nginx.rssKiB() / 1024);
            report.result("ratio_recording_cameras_per_core", nginx.percentPerCamera() / zonecam.percentPerCamera());
        });
    }

    private Figures zonecam(Path run, int n) throws Exception {
        Duration warmup = o.seconds("warmup", 120);
        Duration window = o.seconds("window", 60);
        report.line(
                "zonecam record: %d cameras over %s, warm-up %d s, window %d s, node JVM %s, node on CPU %s, "
                        + "load (simulator, S3 server) on CPU %s",
                n,
                o.protocol().toUpperCase(),
                warmup.toSeconds(),
                window.toSeconds(),
                o.nodeJvm(),
                o.nodeCpu(),
                o.loadCpu());
        long started = System.nanoTime();
        try (ZonecamNode node = ZonecamNode.start(run, o)) {
            report.line(
                    "  S3 server over %s",
                    ZonecamNode.s3Tls() ? "HTTPS (as S3; unsigned payload)" : "plain HTTP (payload signed)");
            report.result("node_start_to_ready_ms", node.awaitReady(started));
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ids.add(UUID.randomUUID().toString());
            }
            Instant from = Instant.now().minusSeconds(60);
            Duration publish = warmup.plus(window).plusSeconds(5);
            ProcStats before;
            ProcStats after;
            ThreadCpu threadsBefore;
            ThreadCpu threadsAfter;
            JsonNode s3Before;
            JsonNode s3After;
            long wallBefore;
            long wallAfter;
            List<CameraLoad.Sent> sent = List.of();
            // --cameras 0 measures the idle node: no simulator, the same warm-up and window.
            try (CameraLoad cams = n == 0 ? null : CameraLoad.onNode(run, "cameras", o, node, ids, publish)) {
                long t0 = System.nanoTime();
                Http.sleepUntil(t0 + warmup.toNanos());
                threadsBefore = ThreadCpu.of(node.pid());
                before = ProcStats.of(node.pid());
                s3Before = node.s3Stats();
                wallBefore = System.currentTimeMillis();
                Http.sleepUntil(before.nanos() + window.toNanos());
                after = ProcStats.of(node.pid());
                threadsAfter = ThreadCpu.of(node.pid());
                s3After = node.s3Stats();
                wallAfter = System.currentTimeMillis();
                if (cams != null) {
                    report.line("  simulator at the window's end: %s", cams.lastSummary());
                    sent = cams.awaitSent(publish.plusSeconds(60));
                }
            }
            report.line("  node CPU by thread over the window (name without digits, threads, %% of a core):");
            for (ThreadCpu.Group g : ThreadCpu.top(threadsBefore, threadsAfter, 10)) {
                report.line("    %-16s %3d %6.2f", g.name(), g.threads(), g.cores() * 100);
            }
            RecordScenarioUploads.await(node);
            JsonNode s3End = node.s3Stats();
            Instant to = Instant.now().plusSeconds(60);
            RecordingCheck.Result check = RecordingCheck.check(sent, id -> node.playlistUrl(id, from, to));
            GcLog gc = GcLog.read(node.gcLog);
            List<GcLog.Pause> pauses = gc.between(wallBefore, wallAfter);

            double cores = ProcStats.cores(before, after);
            report.result("zonecam_cpu_cores", cores);
            report.result("zonecam_cpu_percent_per_camera", cores * 100 / n);
            // Thumbnails are work nginx-rtmp does not do: their threads' share, so a reader can compare like with like.
            double pictures = ThreadCpu.top(threadsBefore, threadsAfter, Integer.MAX_VALUE).stream()
                    .filter(g -> g.name().startsWith(PICTURE_THREADS))
                    .mapToDouble(ThreadCpu.Group::cores)
                    .sum();
            report.result("zonecam_pictures_cpu_percent_per_camera", pictures * 100 / n);
            report.result("zonecam_cpu_percent_per_camera_without_pictures", (cores - pictures) * 100 / n);
            report.result("zonecam_rss_mib", after.rssKiB() / 1024.0);
            report.result("zonecam_threads", after.threads());
            report.result("zonecam_open_files", after.openFiles());
            report.result("zonecam_gc", gc.collector);
            report.result("zonecam_gc_lines_unreadable", gc.unreadable);
            report.result("zonecam_gc_pauses_in_window", pauses.size());
            report.result("zonecam_gc_pause_ms_in_window", GcLog.totalMillis(pauses));
            report.result("zonecam_gc_pause_max_ms", GcLog.maxMillis(pauses));
            report.result(
                    "zonecam_heap_after_gc_mib",
                    pauses.isEmpty() ? -1 : pauses.getLast().heapAfterMiB());
            long simDropped =
                    sent.stream().mapToLong(s -> s.dropped() + s.skipped()).sum();
            long simUnsent = sent.stream().mapToLong(CameraLoad.Sent::unsent).sum();
            long bytesSent = sent.stream().mapToLong(CameraLoad.Sent::bytes).sum();
            double cameraHours = check.sent() / 25.0 / 3600.0;
            long puts = s3End.path("puts").asLong() + s3End.path("completes").asLong();
            report.result("s3_puts", puts);
            report.result("s3_multipart_parts", s3End.path("parts").asLong());
            report.result("s3_puts_per_camera_hour", puts / cameraHours);
            report.result(
                    "s3_puts_in_window_per_camera_hour",
                    (s3After.path("puts").asLong() - s3Before.path("puts").asLong())
                            / (n * window.toSeconds() / 3600.0));
            report.result(
                    "s3_bytes_stored_per_received", s3End.path("bytesStored").asDouble() / bytesSent);
            report.result("frames_sent", check.sent());
            report.result("frames_recorded", check.recorded());
            report.result("frames_lost", check.lost());
            report.result("frames_duplicated", check.duplicated());
            report.result("cameras_with_loss", check.camerasWithLoss());
            report.result("simulator_frames_dropped_or_skipped", simDropped);
            report.result("simulator_frames_unsent", simUnsent);
            if (!check.worst().isEmpty()) {
                report.line("  worst camera: %s", check.worst());
            }
            node.reportBudget(report);
            return new Figures("zonecam", n, cores, after.rssKiB(), check.lost() + simDropped, check.sent());
        }
    }

    private Figures nginx(Path run, int n) throws Exception {
        Duration warmup = o.seconds("peer-warmup", 20);
        Duration window = o.seconds("window", 60);
        report.line("");
        report.line(
                "nginx-rtmp record: %d cameras over RTMP, recording FLV to disk, warm-up %d s, window %d s, one "
                        + "worker on CPU %s",
                n, warmup.toSeconds(), window.toSeconds(), o.nodeCpu());
        try (NginxRtmp nginx = new NginxRtmp(run, o.nodeCpu())) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ids.add("cam" + i);
            }
            Duration publish = warmup.plus(window).plusSeconds(5);
            List<CameraLoad.Sent> sent;
            ProcStats before;
            ProcStats after;
            try (CameraLoad cams = new CameraLoad(
                    run,
                    "nginx-cameras",
                    o.simJar(),
                    o.loadCpu(),
                    CameraLoad.urls(ids, nginx::publishUrl),
                    publish,
                    25)) {
                Http.sleepUntil(System.nanoTime() + warmup.toNanos());
                List<Long> pids = nginx.pids();
                before = ProcStats.of(pids);
                Http.sleepUntil(before.nanos() + window.toNanos());
                after = ProcStats.of(pids);
                report.line("  simulator at the window's end: %s", cams.lastSummary());
                sent = cams.awaitSent(publish.plusSeconds(60));
            }
            long sentFrames = 0;
            long lost = 0;
            for (CameraLoad.Sent s : sent) {
                long recorded = nginx.recordedVideoPackets(s.cameraId());
                sentFrames += s.sent();
                lost += Math.max(0, s.sent() - recorded);
            }
            double cores = ProcStats.cores(before, after);
            report.result("nginx_cpu_cores", cores);
            report.result("nginx_cpu_percent_per_camera", cores * 100 / n);
            report.result("nginx_rss_mib", after.rssKiB() / 1024.0);
            report.result("nginx_frames_sent", sentFrames);
            report.result("nginx_frames_missing_in_flv", lost);
            report.result(
                    "nginx_simulator_frames_dropped_or_skipped",
                    sent.stream().mapToLong(s -> s.dropped() + s.skipped()).sum());
            return new Figures("nginx", n, cores, after.rssKiB(), lost, sentFrames);
        }
    }
}
