package io.zonecam.bench.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonecam.bench.s3.CountingS3Server;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ZonecamNode starts the production stream node ({@code stream-node/app/target/quarkus-app/quarkus-run.jar}) as a
 * standalone process of its own, pinned to the node's CPU, with S3 storage on a {@link CountingS3Server} in another
 * JVM on the load CPU, tokens from {@link BenchTokens}, its spool and state in the run directory, and a GC log.
 * Nothing of the node is loaded into the benchmark's JVM.
 */
final class ZonecamNode implements AutoCloseable {

    static final String ZONE = "bench";
    private static final ObjectMapper JSON = new ObjectMapper();

    final BenchTokens tokens;
    final int httpPort;
    final int managementPort;
    final int rtmpPort;
    final int rtspPort;
    final Path gcLog;
    private final int statsPort;
    private final Child s3;
    private final Child node;
    private final CpuQuota budget;

    /** The node of a scenario, placed and limited as its options say ({@code --node-cpu}, {@code --node-cpu-budget}). */
    static ZonecamNode start(Path run, Options o) throws Exception {
        return start(run, o, null, Map.of());
    }

    /**
     * The same, keeping only some cameras' objects and with node settings of its own.
     *
     * @param keepFile camera ids whose objects the store keeps (the rest are counted and dropped), or null
     * @param settings node settings that differ from the benchmark's defaults (environment variables)
     */
    static ZonecamNode start(Path run, Options o, Path keepFile, Map<String, String> settings) throws Exception {
        return new ZonecamNode(
                run,
                o.benchJar(),
                o.nodeJar(),
                o.nodeCpu(),
                o.loadCpu(),
                o.nodeJvm(),
                keepFile,
                settings,
                o.nodeCpuBudget());
    }

    /**
     * Whether the S3 server speaks HTTPS, as S3 does (the default); {@code -Dzonecam.bench.s3=http} for plain HTTP,
     * over which the SDK signs every payload byte (SHA-256) and the node's upload costs more than in production.
     */
    static boolean s3Tls() {
        return !"http".equals(System.getProperty("zonecam.bench.s3", "https"));
    }

    /**
     * @param jvmOptions heap and GC options of the node (stated in the report), e.g. {@code -Xmx1g}
     * @param keepFile camera ids whose objects the store keeps (the rest are counted and dropped), or null
     * @param settings node settings that differ from the benchmark's defaults (environment variables)
     * @param cpuBudget the part of its CPU the node may use (1: all of it; less: a {@link CpuQuota})
     */
    private ZonecamNode(
            Path run,
            Path benchJar,
            Path nodeJar,
            String nodeCpus,
            String loadCpus,
            List<String> jvmOptions,
            Path keepFile,
            Map<String, String> settings,
            double cpuBudget)
            throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Files.createDirectories(run.resolve("state"));
        Path trustStore = s3Tls() ? S3Tls.create(Path.of(java).resolveSibling("keytool"), run.resolve("state")) : null;
        int s3Port = Ports.tcp();
        this.statsPort = Ports.tcp();
        this.s3 = Child.start(
                "s3",
                Child.Placement.on(loadCpus),
                List.of(
                        java,
                        "-Xmx512m",
                        "-XX:+UseSerialGC",
                        "-cp",
                        benchJar.toString(),
                        CountingS3Server.class.getName(),
                        run.resolve("s3").toString(),
                        Integer.toString(s3Port),
                        Integer.toString(statsPort),
                        "recordings",
                        keepFile == null ? "" : keepFile.toString(),
                        trustStore == null
                                ? ""
                                : S3Tls.keyStore(run.resolve("state")).toString()),
                Map.of(),
                run.resolve("logs/s3.log"),
                null);
        Http.await("the S3 server", Duration.ofSeconds(60), () -> Http.get(statsUrl()) != null);

        this.tokens = new BenchTokens(run.resolve("state/jwks.json"), ZONE);
        this.httpPort = Ports.tcp();
        this.managementPort = Ports.tcp();
        this.rtmpPort = Ports.tcp();
        this.rtspPort = Ports.tcp();
        int livePort = Ports.udp();
        this.gcLog = run.resolve("logs/node-gc.log");
        Map<String, String> env = new HashMap<>();
        env.put("ZONECAM_NODE_ZONE", ZONE);
        env.put("ZONECAM_NODE_NAME", "bench-node");
        env.put("ZONECAM_NODE_CAPACITY", "10000");
        env.put("ZONECAM_NODE_STATE_DIR", run.resolve("state").toString());
        env.put("ZONECAM_TOKENS_JWKS_FILE", run.resolve("state/jwks.json").toString());
        env.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
        env.put("QUARKUS_LOG_CONSOLE_LEVEL", "WARN");
        env.put("ZONECAM_INGEST_RTMP_PORT", Integer.toString(rtmpPort));
        env.put("ZONECAM_INGEST_RTSP_PORT", Integer.toString(rtspPort));
        env.put("ZONECAM_LIVE_PORT", Integer.toString(livePort));
        env.put("ZONECAM_LIVE_MAX_VIEWERS_PER_CAMERA", "5000");
        env.put("ZONECAM_STORAGE_TYPE", "s3");
        env.put("ZONECAM_STORAGE_S3_BUCKET", "recordings");
        env.put("ZONECAM_STORAGE_S3_ENDPOINT", (trustStore == null ? "http" : "https") + "://127.0.0.1:" + s3Port);
        env.put("ZONECAM_STORAGE_S3_PATH_STYLE", "true");
        env.put("ZONECAM_STORAGE_S3_ACCESS_KEY", CountingS3Server.ACCESS_KEY);
        env.put("ZONECAM_STORAGE_S3_SECRET_KEY", CountingS3Server.SECRET_KEY);
        env.put("ZONECAM_RECORDING_SPOOL_DIR", run.resolve("spool").toString());
        env.putAll(settings);
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(jvmOptions);
        if (trustStore != null) {
            cmd.add("-Djavax.net.ssl.trustStore=" + trustStore);
            cmd.add("-Djavax.net.ssl.trustStorePassword=" + CountingS3Server.TLS_PASSWORD);
        }
        // A standalone node has no device bus (no broker, no certificate): its channels keep retrying, cheaply, and
        // must not hold the node's readiness. System properties, because an environment variable cannot say where
        // a dashed channel name ends (MP_MESSAGING_OUTGOING_CAMERA_COMMANDS_… is read as channel "camera").
        for (String channel : List.of("outgoing.camera-commands", "incoming.camera-states", "incoming.camera-events")) {
            cmd.add("-Dmp.messaging." + channel + ".health-enabled=false");
        }
        cmd.add("-Xlog:gc:file=" + gcLog + ":time");
        cmd.addAll(List.of("-jar", nodeJar.toString()));
        this.budget = cpuBudget < 1
                ? CpuQuota.create("zonecam-bench-" + ProcessHandle.current().pid(), cpuBudget)
                : null;
        this.node = Child.start(
                "node", Child.Placement.on(nodeCpus).within(budget), cmd, env, run.resolve("logs/node.log"), null);
    }

    /** Waits for readiness; returns the milliseconds from process start. */
    long awaitReady(long startedNanos) throws InterruptedException {
        Http.await(
                "the stream node to be ready",
                Duration.ofSeconds(120),
                () -> Http.get("http://127.0.0.1:" + managementPort + "/q/health/ready") != null);
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    long pid() {
        return node.pid();
    }

    /** The part of its CPU the node may use: 1 without a budget. */
    private double cpuBudget() {
        return budget == null ? 1 : budget.cores();
    }

    /**
     * States the node's CPU budget ({@code result zonecam_cpu_budget_cores}, which the knee searches compare the node's
     * CPU with) and, with a budget, how often it stopped the node so far.
     */
    void reportBudget(Report report) throws IOException {
        report.result("zonecam_cpu_budget_cores", cpuBudget());
        if (budget != null) {
            CpuQuota.Throttling t = budget.throttling();
            report.line(
                    "  node CPU budget %.2f of a core (CFS quota per %d ms period): throttled in %d of %d periods, "
                            + "%.1f s in all; figures per core = figures on the budget / %.2f",
                    budget.cores(),
                    CpuQuota.PERIOD_MICROS / 1000,
                    t.throttledPeriods(),
                    t.periods(),
                    t.throttledSeconds(),
                    budget.cores());
        }
    }

    long s3Pid() {
        return s3.pid();
    }

    String statsUrl() {
        return "http://127.0.0.1:" + statsPort + "/stats";
    }

    /** The S3 server's counters. */
    JsonNode s3Stats() throws IOException {
        String body = Http.get(statsUrl());
        if (body == null) {
            throw new IOException("the S3 server does not answer");
        }
        return JSON.readTree(body);
    }

    /** A gauge or counter summed over its series from the node's Prometheus metrics; -1 when absent. */
    double metric(String name) {
        String body = Http.get("http://127.0.0.1:" + managementPort + "/q/metrics");
        if (body == null) {
            return -1;
        }
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([0-9.eE+-]+)$")
                .matcher(body);
        double sum = 0;
        boolean found = false;
        while (m.find()) {
            sum += Double.parseDouble(m.group(2));
            found = true;
        }
        return found ? sum : -1;
    }

    String publishUrl(String protocol, String cameraId) {
        int port = protocol.equals("rtsp") ? rtspPort : rtmpPort;
        return protocol + "://127.0.0.1:" + port + "/live/" + cameraId + "?token="
                + tokens.device(cameraId, Duration.ofHours(2));
    }

    String whepUrl(String cameraId) {
        return "http://127.0.0.1:" + httpPort + "/whep/cameras/" + cameraId;
    }

    String playlistUrl(String cameraId, java.time.Instant from, java.time.Instant to) {
        return "http://127.0.0.1:" + httpPort + "/hls/cameras/" + cameraId + "/index.m3u8?token="
                + tokens.recorded(cameraId, from, to);
    }

    /** A snapshot of the live stream ({@code at} null) or of the recording at {@code at}. */
    String snapshotUrl(String cameraId, java.time.Instant at, boolean exact, java.time.Instant from) {
        String base = "http://127.0.0.1:" + httpPort + "/snapshots/cameras/" + cameraId + "?exact=" + exact;
        if (at == null) {
            return base + "&token=" + tokens.live(cameraId, Duration.ofMinutes(10));
        }
        return base + "&at=" + at + "&token=" + tokens.recorded(cameraId, from, at.plusSeconds(1));
    }

    @Override
    public void close() throws InterruptedException, IOException {
        node.close();
        if (budget != null) {
            budget.close();
        }
        s3.close();
    }
}
