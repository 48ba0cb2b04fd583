package io.zonecam.bench.sim;

import io.zonecam.ingest.AuthDecision;
import io.zonecam.ingest.IngestServer;
import io.zonecam.ingest.rtmp.RtmpServer;
import io.zonecam.ingest.rtmp.RtmpServerConfig;
import io.zonecam.ingest.rtsp.RtspServer;
import io.zonecam.ingest.rtsp.RtspServerConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * CameraSimBench measures how many simulated 2 Mb/s cameras one core of the camera simulator sustains: it starts the
 * stream node's RTSP or RTMP ingest server in this process with a sink that discards media (after checking each
 * frame's marker counter, so loss is measured too), runs the packaged simulator ({@code camera-sim.jar}) as a child
 * process with one event loop thread, and reads the child's CPU time over a steady-state window.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.zonecam.bench.sim.CameraSimBench [cameras] [seconds]
 * [rtsp|rtmp] [pinCpu]}; defaults 500 cameras, 40 s, rtsp, no pinning. With {@code pinCpu} (e.g. 0) the simulator is
 * pinned to that CPU with taskset and this process (the node) to the others, so the figure is for one core.
 * Environment: {@code SIM_JAR} (default {@code camera-sim/target/camera-sim.jar}), {@code SIM_ARGS} (extra simulator
 * options, e.g. {@code --size 640x360}), {@code SIM_JVM_ARGS} (extra JVM options for the simulator, e.g. GC logging).
 */
public final class CameraSimBench {

    private CameraSimBench() {}

    public static void main(String[] args) throws Exception {
        MarkerCheckingSink sink = new MarkerCheckingSink();
        int cameras = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        String protocol = args.length > 2 ? args[2].toLowerCase(Locale.ROOT) : "rtsp";
        String pin = args.length > 3 ? args[3] : null;
        Path jar = Path.of(System.getenv().getOrDefault("SIM_JAR", "camera-sim/target/camera-sim.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("build the simulator first: " + jar + " is missing");
        }
        if (pin != null) {
            pinSelfAwayFrom(pin);
        }
        IngestServer node = protocol.equals("rtmp")
                ? new RtmpServer(
                        RtmpServerConfig.builder().host("127.0.0.1").port(0).build(),
                        r -> AuthDecision.allow(r.cameraId()),
                        sink,
                        null)
                : new RtspServer(
                        RtspServerConfig.builder()
                                .host("127.0.0.1")
                                .port(0)
                                .udpEnabled(false)
                                .build(),
                        r -> AuthDecision.allow(r.cameraId()),
                        sink,
                        null);
        int port = node.start().getPort();
        List<String> cmd = new ArrayList<>();
        if (pin != null) {
            cmd.addAll(List.of("taskset", "-c", pin));
        }
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(List.of("-Xmx512m", "-XX:+UseSerialGC"));
        String jvm = System.getenv("SIM_JVM_ARGS");
        if (jvm != null && !jvm.isBlank()) {
            cmd.addAll(List.of(jvm.trim().split("\\s+")));
        }
        cmd.addAll(List.of(
                "-jar",
                jar.toString(),
                "--url",
                protocol + "://127.0.0.1:" + port + "/live/cam-{i}?token=bench",
                "--cameras",
                Integer.toString(cameras),
                "--duration",
                seconds + "s",
                "--threads",
                "1",
                "--ramp",
                "250",
                "--summary-every",
                "5s"));
        String extra = System.getenv("SIM_ARGS");
        if (extra != null && !extra.isBlank()) {
            cmd.addAll(List.of(extra.trim().split("\\s+")));
        }
        System.out.println("bench: " + String.join(" ", cmd));
        Process sim = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        AtomicLong lastLine = new AtomicLong();
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader r =
                            new BufferedReader(new InputStreamReader(sim.getInputStream(), StandardCharsets.UTF_8))) {
                        String l;
                        while ((l = r.readLine()) != null) {
                            lines.add(l);
                            lastLine.set(System.nanoTime());
                            System.out.println("  sim | " + l);
                        }
                    } catch (java.io.IOException ignored) {
                        // the child ended
                    }
                },
                "sim-output");
        reader.setDaemon(true);
        reader.start();

        // Steady state: after the ramp and JIT warm-up, until shortly before the simulator unpublishes.
        long start = System.nanoTime();
        long warmup = Math.max(8, cameras / 250 + 6);
        long window = seconds - warmup - 3;
        if (window < 5) {
            throw new IllegalArgumentException("run at least " + (warmup + 8) + " s for a steady-state window");
        }
        sleepUntil(start + Duration.ofSeconds(warmup).toNanos());
        Duration cpu0 = cpu(sim);
        long frames0 = sink.videoFrames.sum();
        long bytes0 = sink.bytes.sum();
        long t0 = System.nanoTime();
        sleepUntil(t0 + Duration.ofSeconds(window).toNanos());
        Duration cpu1 = cpu(sim);
        long frames1 = sink.videoFrames.sum();
        long bytes1 = sink.bytes.sum();
        long t1 = System.nanoTime();
        sim.waitFor();
        reader.join(2000);
        node.stop();

        double wall = (t1 - t0) / 1e9;
        double cores = (cpu1.toNanos() - cpu0.toNanos()) / 1e9 / wall;
        double fps = (frames1 - frames0) / wall;
        double mbps = (bytes1 - bytes0) * 8 / wall / 1e6;
        System.out.printf(
                Locale.ROOT, "%n%s, %d cameras, window %.1f s%n", protocol.toUpperCase(Locale.ROOT), cameras, wall);
        System.out.printf(
                Locale.ROOT,
                "node received %.0f video fps (%.1f per camera), %.1f Mb/s (%.2f per camera)%n",
                fps,
                fps / cameras,
                mbps,
                mbps / cameras);
        System.out.println("node " + sink.summary());
        System.out.printf(
                Locale.ROOT,
                "simulator CPU %.3f cores = %.3f%% of a core per camera -> %.0f cameras per core%n",
                cores,
                cores * 100 / cameras,
                cameras / cores);
        lines.stream().filter(l -> l.startsWith("final")).forEach(l -> System.out.println("simulator " + l));
    }

    private static Duration cpu(Process p) {
        Optional<Duration> d = p.toHandle().info().totalCpuDuration();
        return d.orElseThrow(() -> new IllegalStateException("the OS does not report the child's CPU time"));
    }

    private static void sleepUntil(long deadline) throws InterruptedException {
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            Thread.sleep(Math.min(1000, Math.max(1, left / 1_000_000)));
        }
    }

    /** Pins this process (the node) to every CPU but {@code cpu} so the simulator has that core to itself. */
    private static void pinSelfAwayFrom(String cpu) throws Exception {
        int n = Runtime.getRuntime().availableProcessors();
        List<String> others = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (!Integer.toString(i).equals(cpu)) {
                others.add(Integer.toString(i));
            }
        }
        if (!others.isEmpty()) {
            new ProcessBuilder(
                            "taskset",
                            "-a",
                            "-p",
                            "-c",
                            String.join(",", others),
                            Long.toString(ProcessHandle.current().pid()))
                    .inheritIO()
                    .start()
                    .waitFor();
        }
    }
}
