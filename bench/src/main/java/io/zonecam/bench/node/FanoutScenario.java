package io.zonecam.bench.node;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * FanoutScenario: one 2 Mb/s camera watched live by M browser-like viewers ({@code ViewerFleet}). The server's CPU is
 * measured over a window with every viewer connected, then with the camera alone after the viewers left (idle); the
 * cost per viewer is the difference divided by M. Loss is what the viewers count after decryption and NACK repair. Then
 * the same against Janus's streaming plugin in the network namespace the script made (unless {@code --peer none}).
 */
record FanoutScenario(Options o, Report report) {

    /** The measured figures of one target. */
    record Figures(double idleCores, double cores, double loss, JsonNode window) {
        double percentPerViewer(int viewers) {
            return (cores - idleCores) * 100 / viewers;
        }
    }

    void run(Path run) throws Exception {
        int m = o.number("viewers", 100);
        String heading = String.format("one camera, %d viewers, server CPU %s", m, o.nodeCpu());
        SideBySide.run(o, report, run, m, "janus", heading, this::zonecam, this::janus, (zonecam, janus) -> {
            report.line(
                    "  zonecam %.3f %% of a core per viewer (loss %.3f %%); janus %.3f %% (loss %.3f %%)",
                    zonecam.percentPerViewer(m), zonecam.loss() * 100, janus.percentPerViewer(m), janus.loss() * 100);
            report.result("ratio_viewers_per_core", janus.percentPerViewer(m) / zonecam.percentPerViewer(m));
        });
    }

    private Figures zonecam(Path run, int m) throws Exception {
        report.line(
                "zonecam fan-out: 1 camera (%s), %d viewers, node JVM %s, node on CPU %s, load on CPU %s",
                o.protocol().toUpperCase(), m, o.nodeJvm(), o.nodeCpu(), o.loadCpu());
        long started = System.nanoTime();
        try (ZonecamNode node = ZonecamNode.start(run, o)) {
            report.result("node_start_to_ready_ms", node.awaitReady(started));
            String camera = UUID.randomUUID().toString();
            Duration total = o.seconds("warmup", 60)
                    .plus(o.seconds("idle", 30))
                    .plusSeconds(10)
                    .plus(viewerTime(m))
                    .plusSeconds(30);
            try (CameraLoad cam = CameraLoad.onNode(run, "camera", o, node, List.of(camera), total)) {
                Http.sleepUntil(System.nanoTime() + o.seconds("warmup", 60).toNanos());
                Figures figures = measure(
                        "zonecam",
                        run,
                        node,
                        node.pid(),
                        m,
                        Child.Placement.on(o.loadCpu()),
                        List.of("whep", node.whepUrl(camera), node.tokens.live(camera, Duration.ofHours(2))),
                        "127.0.0.1");
                node.reportBudget(report);
                return figures;
            }
        }
    }

    private Figures janus(Path run, int m) throws Exception {
        String netns = o.text("netns", null);
        if (netns == null || o.text("client-netns", null) == null) {
            throw new IllegalStateException(
                    "the Janus peer needs --netns and --client-netns (scripts/bench-node makes them)");
        }
        String address = o.text("janus-address", "10.203.0.1");
        report.line("");
        report.line(
                "janus fan-out: 1 camera (ffmpeg RTP, same clip), %d viewers, janus on CPU %s in netns %s (%s)",
                m, o.nodeCpu(), netns, address);
        String clientNetns = o.text("client-netns", null);
        try (JanusStreaming janus = new JanusStreaming(
                run, netns, clientNetns, address, o.text("janus-iface", "zcb0"), o.nodeCpu(), o.loadCpu())) {
            Http.sleepUntil(System.nanoTime() + o.seconds("peer-warmup", 15).toNanos());
            return measure(
                    "janus",
                    run,
                    null,
                    janus.pid(),
                    m,
                    Child.Placement.on(o.loadCpu()).in(clientNetns),
                    List.of("janus", janus.url(), Integer.toString(JanusStreaming.MOUNTPOINT)),
                    o.text("viewer-address", "10.203.0.2"));
        }
    }

    private Duration viewerTime(int m) {
        return Duration.ofSeconds(m / o.number("viewer-rate", 25) + 1)
                .plus(o.seconds("viewer-warmup", 30))
                .plus(o.seconds("window", 60));
    }

    private Figures measure(
            String name,
            Path run,
            ZonecamNode node,
            long serverPid,
            int m,
            Child.Placement where,
            List<String> target,
            String bind)
            throws Exception {
        Duration window = o.seconds("window", 60);
        try (ViewerLoad viewers = new ViewerLoad(
                run,
                name + "-viewers",
                o.benchJar(),
                where,
                target,
                m,
                viewerTime(m).plusSeconds(5),
                bind,
                o.number("viewer-rate", 25),
                o.viewerJvm())) {
            long ramp = Duration.ofSeconds(m / o.number("viewer-rate", 25) + 1).toNanos();
            Http.sleepUntil(
                    System.nanoTime() + ramp + o.seconds("viewer-warmup", 30).toNanos());
            ProcStats before = ProcStats.of(serverPid);
            ProcStats loadBefore = ProcStats.of(viewers.pid());
            ThreadCpu nodeThreadsBefore = ThreadCpu.of(serverPid);
            ThreadCpu loadThreadsBefore = ThreadCpu.of(viewers.pid());
            JsonNode v0 = viewers.progress();
            CpuTimes nodeCpu0 = CpuTimes.of(o.nodeCpu());
            CpuTimes loadCpu0 = CpuTimes.of(o.loadCpu());
            // Zonecam only: Janus and its viewers live in network namespaces of their own, and Janus runs as root.
            UdpDrops udp0 = node == null ? null : UdpDrops.of(serverPid, viewers.pid());
            NodeDrops node0 = node == null ? null : NodeDrops.of(node);
            Http.sleepUntil(before.nanos() + window.toNanos());
            ProcStats after = ProcStats.of(serverPid);
            ProcStats loadAfter = ProcStats.of(viewers.pid());
            ThreadCpu nodeThreadsAfter = ThreadCpu.of(serverPid);
            ThreadCpu loadThreadsAfter = ThreadCpu.of(viewers.pid());
            JsonNode v1 = viewers.progress();
            double[] nodeCpu = CpuTimes.fractions(nodeCpu0, CpuTimes.of(o.nodeCpu()));
            double[] loadCpu = CpuTimes.fractions(loadCpu0, CpuTimes.of(o.loadCpu()));
            UdpDrops udp =
                    node == null ? null : UdpDrops.of(serverPid, viewers.pid()).since(udp0);
            NodeDrops nodeDrops = node == null ? null : NodeDrops.of(node).since(node0);
            JsonNode end = viewers.awaitSummary(Duration.ofSeconds(60));
            // The camera alone, measured after the viewers left: before them the JVM is still warming up and its
            // JIT and GC would be counted as "idle".
            Http.sleepUntil(System.nanoTime() + Duration.ofSeconds(10).toNanos());
            ProcStats idle0 = ProcStats.of(serverPid);
            Http.sleepUntil(idle0.nanos() + o.seconds("idle", 30).toNanos());
            double idleCores = ProcStats.cores(idle0, ProcStats.of(serverPid));
            double cores = ProcStats.cores(before, after);
            long received = delta(v0, v1, "received");
            long lost = delta(v0, v1, "lost");
            long complete = delta(v0, v1, "framesComplete");
            long incomplete = delta(v0, v1, "framesIncomplete");
            double loss = received + lost == 0 ? 1 : lost / (double) (received + lost);
            report.result(name + "_idle_cores", idleCores);
            report.result(name + "_cpu_cores", cores);
            report.result(name + "_cpu_percent_per_viewer", (cores - idleCores) * 100 / m);
            report.result(name + "_rss_mib", after.rssKiB() / 1024.0);
            report.result(name + "_viewers_connected", v1.path("connected").asInt());
            report.result(name + "_viewers_failed", v1.path("failed").asInt());
            report.result(name + "_viewer_packets_received", received);
            report.result(name + "_viewer_packets_lost", lost);
            report.result(name + "_viewer_loss_percent", loss * 100);
            report.result(
                    name + "_viewer_frames_complete_percent",
                    complete + incomplete == 0 ? 0 : complete * 100.0 / (complete + incomplete));
            report.result(
                    name + "_viewer_auth_failures", end.path("authFailures").asLong());
            report.result(name + "_viewer_nacks", delta(v0, v1, "nacks"));
            report.result(name + "_viewer_repaired", delta(v0, v1, "repaired"));
            report.result(
                    name + "_viewer_stale_consent", v1.path("staleConsent").asInt());
            report.result(name + "_load_generator_cores", ProcStats.cores(loadBefore, loadAfter));
            // Each CPU whole, whoever used it (the camera and S3 server share the load CPU; the kernel's packet work).
            report.result("node_cpu_busy", nodeCpu[0]);
            report.result("node_cpu_softirq", nodeCpu[1]);
            report.result("node_cpu_steal", nodeCpu[2]);
            report.result("load_cpu_busy", loadCpu[0]);
            report.result("load_cpu_softirq", loadCpu[1]);
            report.result("load_cpu_steal", loadCpu[2]);
            long allReceived = end.path("received").asLong();
            long allLost = end.path("lost").asLong();
            report.result(
                    name + "_viewer_loss_percent_whole_run_with_joins",
                    allReceived + allLost == 0 ? 100.0 : allLost * 100.0 / (allReceived + allLost));
            if (node != null) {
                attributeLoss(name, lost, udp, nodeDrops);
            }
            report.line("  viewers at the end: %s", end);
            // Where each side's core went: the server's threads, and the viewers' receive loop against their set-up.
            report.line("  server CPU by thread over the window (name without digits, threads, %% of a core):");
            for (ThreadCpu.Group g : ThreadCpu.top(nodeThreadsBefore, nodeThreadsAfter, 10)) {
                report.line("    %-24s %3d %6.2f", g.name(), g.threads(), g.cores() * 100);
            }
            report.line("  viewer process CPU by thread over the window:");
            for (ThreadCpu.Group g : ThreadCpu.top(loadThreadsBefore, loadThreadsAfter, 6)) {
                report.line("    %-24s %3d %6.2f", g.name(), g.threads(), g.cores() * 100);
            }
            return new Figures(idleCores, cores, loss, end);
        }
    }

    /**
     * Where the window's viewer loss happened: the node's own drop counters next to the kernel's, as {@code result}
     * lines, and one sentence naming the side that dropped more.
     */
    private void attributeLoss(String name, long lost, UdpDrops udp, NodeDrops node) {
        // On loopback, a datagram the node's socket sent is dropped, if at all, at the receiving viewer's socket.
        report.result(name + "_kernel_udp_in_errors", udp.inErrors());
        report.result(name + "_kernel_udp_rcvbuf_errors", udp.rcvbufErrors());
        report.result(name + "_kernel_udp_sndbuf_errors", udp.sndbufErrors());
        report.result(name + "_server_socket_drops", udp.serverSocketDrops());
        report.result(name + "_viewer_socket_drops", udp.loadSocketDrops());
        report.result(name + "_node_packets_dropped", node.dropped());
        report.result(name + "_node_send_failures", node.sendFailures());
        report.result(name + "_node_send_expired", node.sendExpired());
        report.result(name + "_node_nack_misses", node.nackMisses());
        report.result(name + "_node_send_wait_ms", node.sendWaitMillis());
        long viewerSide = udp.loadSocketDrops();
        long nodeSide = node.dropped() + node.sendExpired();
        String side = viewerSide == 0 && nodeSide == 0
                ? "neither side's counters dropped anything"
                : viewerSide >= nodeSide
                        ? "the load generator (viewer receive buffers) dropped more than the node"
                        : "the node dropped more than the load generator";
        report.line(
                "  loss attribution over the window (node, viewers and all else share one network namespace, so the"
                        + " kernel's Udp: counters are everyone's): viewers lost %d packets after repair; the node"
                        + " dropped %d (%d of them refused by its socket), expired %d on its event loop and missed %d NACKed"
                        + " ones; the kernel dropped"
                        + " %d datagrams at the viewers' sockets and %d at the node's (Udp: InErrors %d, RcvbufErrors"
                        + " %d, SndbufErrors %d): %s",
                lost,
                node.dropped(),
                node.sendFailures(),
                node.sendExpired(),
                node.nackMisses(),
                viewerSide,
                udp.serverSocketDrops(),
                udp.inErrors(),
                udp.rcvbufErrors(),
                udp.sndbufErrors(),
                side);
    }

    /** The node's drop counters from its Prometheus metrics. */
    private record NodeDrops(long dropped, long sendFailures, long sendExpired, long nackMisses, long sendWaitMillis) {
        static NodeDrops of(ZonecamNode node) {
            return new NodeDrops(
                    (long) node.metric("zonecam_live_packets_dropped_total"),
                    (long) node.metric("zonecam_live_send_failures_total"),
                    (long) node.metric("zonecam_live_send_expired_total"),
                    (long) node.metric("zonecam_live_nack_misses_total"),
                    (long) (node.metric("zonecam_live_send_wait_seconds_total") * 1000));
        }

        NodeDrops since(NodeDrops from) {
            return new NodeDrops(
                    dropped - from.dropped,
                    sendFailures - from.sendFailures,
                    sendExpired - from.sendExpired,
                    nackMisses - from.nackMisses,
                    sendWaitMillis - from.sendWaitMillis);
        }
    }

    private static long delta(JsonNode a, JsonNode b, String field) {
        return b.path(field).asLong() - a.path(field).asLong();
    }
}
