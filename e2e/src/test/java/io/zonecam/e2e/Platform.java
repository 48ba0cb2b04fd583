package io.zonecam.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonecam.sdk.ApiClient;
import io.zonecam.sdk.api.CamerasApi;
import io.zonecam.sdk.api.DevelopmentApi;
import io.zonecam.sdk.api.DevicesApi;
import io.zonecam.sdk.api.NodesApi;
import io.zonecam.sdk.api.OrganizationsApi;
import io.zonecam.sdk.api.PlaybackApi;
import io.zonecam.sdk.api.ZonesApi;
import io.zonecam.sdk.model.Camera;
import io.zonecam.sdk.model.CameraClaim;
import io.zonecam.sdk.model.CameraStatus;
import io.zonecam.sdk.model.DevelopmentTokenRequest;
import io.zonecam.sdk.model.DeviceProvisioning;
import io.zonecam.sdk.model.DeviceProvisioningDevicesInner;
import io.zonecam.sdk.model.Node;
import io.zonecam.sdk.model.NodeState;
import io.zonecam.sdk.model.OrganizationCreate;
import io.zonecam.sdk.model.OrganizationCreated;
import io.zonecam.sdk.model.RecordedPlaybackRequest;
import io.zonecam.sdk.model.ZoneCreate;
import io.zonecam.sim.verify.RecordingVerifier;
import io.zonecam.testing.Await;
import io.zonecam.testing.mqtt.TestCa;
import io.zonecam.testing.mqtt.TlsMosquitto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Platform is the whole of Zonecam started as processes for the end-to-end tests: a fresh database on the local
 * PostgreSQL, the control plane as an HTTP server, one zone with two stream nodes, Mosquitto (started by the machine
 * set-up), two publishing simulated cameras, one camera that went offline and one that never connected.
 */
final class Platform implements AutoCloseable {

    static final String ZONE = "e2e";
    /** How often the platform's nodes heartbeat (production: 10 s); the control plane's sweeps run on heartbeats. */
    static final Duration NODE_HEARTBEAT = Duration.ofSeconds(2);

    /**
     * Options size the platform: how many nodes, how many always-publishing cameras (and whether to add the offline and
     * never-connected ones the viewer tests need), the control plane's node lease and extra simulator arguments.
     */
    record Options(int nodes, int cameras, boolean viewerCameras, Duration lease, List<String> simArgs) {
        /** What the viewer tests use: two nodes, two publishing cameras, one offline, one never connected. */
        static Options viewer() {
            return new Options(2, 2, true, Duration.ofSeconds(30), List.of());
        }

        /** What the fleet and fault tests use: many small, cheap cameras (320x180, 200 kb/s, no audio). */
        static Options smallCameras(int nodes, int cameras, Duration lease, int gopSeconds) {
            return new Options(
                    nodes,
                    cameras,
                    false,
                    lease,
                    List.of(
                            "--size",
                            "320x180",
                            "--bitrate",
                            "200",
                            "--fps",
                            "25",
                            "--gop-seconds",
                            String.valueOf(gopSeconds),
                            "--no-audio"));
        }
    }

    /** StreamNode is one started node process, where it listens and the environment it was started with. */
    record StreamNode(String name, ManagedProcess process, int httpPort, Map<String, String> env) {
        String httpUrl() {
            return "http://127.0.0.1:" + httpPort;
        }
    }

    final Path root;
    final Path out;
    final Path logs;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final String database =
            // Eight hex digits always: the last six name the simulated devices and their claim codes.
            "zonecam_e2e_" + String.format("%08x", ThreadLocalRandom.current().nextLong() & 0xffffffffL);

    URI control;
    String viewerBase;
    String operatorToken;
    String ownerApiKey;
    UUID organizationId;
    final List<StreamNode> nodes = new ArrayList<>();
    final List<UUID> liveCameras = new ArrayList<>();
    UUID offlineCamera;
    /** The zone's node enrollment key (X-Node-Key), for tests that speak for a node. */
    String nodeEnrollmentKey;

    UUID neverConnectedCamera;

    private final Options options;
    /** The run's platform CA: the control plane issues node and camera certificates with it. */
    private LocalSecrets.PlatformCa platformCa;
    /** The same CA for the tests (the broker's certificate, a CRL, certificates of observers). */
    private TestCa ca;
    /** The device bus: Mosquitto with the shipped TLS, certificate and ACL configuration, trusting the CA above. */
    private TlsMosquitto bus;

    private ManagedProcess controlPlane;
    private List<String> controlPlaneCommand;
    private Map<String, String> controlPlaneEnv;

    private Platform(Path root, Path out, Options options) {
        this.root = root;
        this.out = out;
        this.logs = out.resolve("platform-logs");
        this.options = options;
    }

    /** The repository the parts run from: system property {@code zonecam.root}, by default the parent of e2e. */
    static Path root() {
        return Path.of(System.getProperty("zonecam.root", ".."))
                .toAbsolutePath()
                .normalize();
    }

    /**
     * Starts a platform sized by {@code options} from {@link #root()}, writing its logs and the test's files under
     * {@code target/<name>} ({@link #out}).
     */
    static Platform start(String name, Options options) throws Exception {
        return start(root(), Path.of("target", name).toAbsolutePath(), options);
    }

    /** Starts everything and returns when two cameras are online and one is offline. */
    static Platform start(Path root, Path out) throws Exception {
        return start(root, out, Options.viewer());
    }

    /** Starts a platform sized by {@code options}; returns when its publishing cameras are online. */
    static Platform start(Path root, Path out, Options options) throws Exception {
        Platform p = new Platform(root, out, options);
        try {
            p.startAll();
            return p;
        } catch (Exception | Error e) {
            p.close();
            throw e;
        }
    }

    private void startAll() throws Exception {
        Prerequisites.check(root);
        Prerequisites.ensureLocalControlPlane(root, logs);
        snapshotApps();
        createDatabase();
        startBus();
        int controlPort = freePort();
        control = URI.create("http://127.0.0.1:" + controlPort);
        viewerBase = control + "/viewer";
        startControlPlane(controlPort);

        ApiClient anonymous = client(null, null);
        operatorToken = new DevelopmentApi(anonymous)
                .createDevelopmentToken(new DevelopmentTokenRequest()
                        .subject("e2e-operator")
                        .roles(List.of(DevelopmentTokenRequest.RolesEnum.OPERATOR)))
                .getToken();
        ApiClient operator = client("Authorization", "Bearer " + operatorToken);
        nodeEnrollmentKey = new ZonesApi(operator)
                .createZone(new ZoneCreate().id(ZONE).region("local").capacity(100))
                .getNodeEnrollmentKey();
        OrganizationCreated org = new OrganizationsApi(operator)
                .createOrganization(new OrganizationCreate().name("E2E Cameras").region("local"));
        ownerApiKey = org.getApiKey().getKey();
        organizationId = org.getOrganization().getId();

        int udpBase = 30000 + ThreadLocalRandom.current().nextInt(0, 200) * 100;
        for (int i = 0; i < options.nodes(); i++) {
            startNode("node-" + (char) ('a' + i), nodeEnrollmentKey, udpBase + i * 50);
        }
        Await.value(
                options.nodes() + " active stream nodes in zone " + ZONE,
                Duration.ofSeconds(90),
                () -> {
                    nodes.forEach(n -> n.process().requireAlive());
                    return new NodesApi(operator).listNodes(ZONE);
                },
                list -> list.stream()
                                .filter(n -> n.getState() == NodeState.ACTIVE)
                                .count()
                        == options.nodes());

        // Each node on the device bus: its certificate obtained after registration, kept in its identity files, and
        // both MQTT channels connected with it (the connector's health is part of the node's readiness).
        for (StreamNode n : nodes) {
            Await.value(
                    "node " + n.name() + " on the device bus with its certificate",
                    Duration.ofSeconds(60),
                    () -> {
                        n.process().requireAlive();
                        return Files.exists(Path.of(n.env().get("ZONECAM_MQTT_TLS_CERT_FILE")))
                                ? get("http://127.0.0.1:" + n.env().get("QUARKUS_MANAGEMENT_PORT") + "/q/health/ready")
                                : 0;
                    },
                    status -> status == 200);
        }

        if (options.viewerCameras()) {
            startCameras();
        } else {
            startPublishingCameras();
        }
    }

    /**
     * Copies the applications under test to target/apps, so a build of another module during the run (the work tree
     * is shared) cannot swap jars under a running JVM.
     */
    private void snapshotApps() throws IOException {
        Path apps = out.resolve("apps");
        deleteTree(apps);
        copyTree(root.resolve("control-lambdas/target/quarkus-app"), apps.resolve("control-plane"));
        copyTree(root.resolve("stream-node/app/target/quarkus-app"), apps.resolve("stream-node"));
        Files.createDirectories(apps);
        Files.copy(root.resolve("camera-sim/target/camera-sim.jar"), apps.resolve("camera-sim.jar"));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    private void createDatabase() throws Exception {
        psql("create database " + database);
        resources.add(() -> psql("drop database if exists " + database + " with (force)"));
    }

    private void psql(String sql) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("psql", "-h", "127.0.0.1", "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-qc", sql)
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(
                    "psql '" + sql + "' failed (is PostgreSQL up on 127.0.0.1:5432?): " + output);
        }
    }

    /**
     * The run's platform CA and its device bus: a Mosquitto on a free port with the shipped configuration (TLS,
     * client certificates of this CA only, CN as user name, CRL, ACL), so no client reaches it without a certificate.
     */
    private void startBus() throws Exception {
        platformCa = LocalSecrets.platformCa(out.resolve("platform/platform-ca"));
        ca = TestCa.of(out.resolve("platform/test-ca"), platformCa.certificatePem(), platformCa.privateKeyPem());
        bus = TlsMosquitto.start(out.resolve("platform/mosquitto"), ca, ZONE);
        resources.add(bus);
    }

    /** The device bus of this run. */
    TlsMosquitto bus() {
        return bus;
    }

    /** The platform CA of this run (the control plane's key), to issue test clients' certificates. */
    TestCa ca() {
        return ca;
    }

    private void startControlPlane(int port) throws Exception {
        Map<String, String> env = new HashMap<>(LocalSecrets.generate());
        env.putAll(platformCa.env());
        env.put("ZONECAM_DB_URL", "postgresql://127.0.0.1:5432/" + database);
        env.put("ZONECAM_DEV_ISSUER_ENABLED", "true");
        env.put("ZONECAM_PLAYBACK_VIEWER_URL", viewerBase);
        env.put("ZONECAM_FLEET_LEASE", options.lease().toString());
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        controlPlaneCommand = List.of(
                java(),
                "-Xmx384m",
                "-jar",
                out.resolve("apps/control-plane/quarkus-run.jar").toString());
        controlPlaneEnv = Map.copyOf(env);
        ManagedProcess cp = launch("control-plane", controlPlaneCommand, env);
        controlPlane = cp;
        awaitControlPlane(cp);
    }

    private void awaitControlPlane(ManagedProcess cp) throws InterruptedException {
        Await.value(
                "the control plane to be ready at " + control,
                Duration.ofSeconds(90),
                () -> {
                    cp.requireAlive();
                    return get(control + "/q/health/ready");
                },
                status -> status == 200);
    }

    private void startNode(String name, String enrollmentKey, int udpBase) throws IOException {
        int httpPort = freePort();
        Path dir = out.resolve("platform/" + name);
        Files.createDirectories(dir);
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(freePort()));
        env.put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
        env.put("ZONECAM_NODE_NAME", name);
        env.put("ZONECAM_NODE_ZONE", ZONE);
        env.put("ZONECAM_NODE_ADVERTISED_HOST", "127.0.0.1");
        env.put("ZONECAM_NODE_STATE_DIR", dir.resolve("state").toString());
        env.put("ZONECAM_CONTROL_PLANE_URL", control.toString());
        env.put("ZONECAM_CONTROL_PLANE_ENROLLMENT_KEY", enrollmentKey);
        env.put("ZONECAM_CONTROL_PLANE_HEARTBEAT", NODE_HEARTBEAT.toString());
        env.put("ZONECAM_TOKENS_LEEWAY", "PT1S");
        env.put("ZONECAM_INGEST_HOST", "127.0.0.1");
        env.put("ZONECAM_INGEST_RTSP_PORT", Integer.toString(freePort()));
        env.put("ZONECAM_INGEST_RTMP_PORT", Integer.toString(freePort()));
        env.put("ZONECAM_INGEST_RTSP_UDP_MIN", Integer.toString(udpBase));
        env.put("ZONECAM_INGEST_RTSP_UDP_MAX", Integer.toString(udpBase + 39));
        env.put("ZONECAM_LIVE_HOST", "127.0.0.1");
        env.put("ZONECAM_LIVE_PORT", Integer.toString(freeUdpPort()));
        env.put("ZONECAM_STORAGE_TYPE", "filesystem");
        env.put("ZONECAM_STORAGE_ROOT", out.resolve("platform/store").toString());
        env.put("ZONECAM_RECORDING_SPOOL_DIR", dir.resolve("spool").toString());
        env.put("ZONECAM_RECORDING_OBJECT_DURATION", "PT10S");
        env.put("ZONECAM_DRAIN_COMMAND_TIMEOUT", "PT5S");
        // The device bus with mutual TLS: the node makes its key, gets its certificate from the control plane after
        // registering, keeps both here and verifies the broker against the platform CA.
        env.put("ZONECAM_MQTT_HOST", bus.host());
        env.put("ZONECAM_MQTT_PORT", Integer.toString(bus.port()));
        env.put("ZONECAM_MQTT_TLS", "true");
        env.put("ZONECAM_MQTT_TLS_CA_FILE", bus.caFile().toString());
        env.put(
                "ZONECAM_MQTT_TLS_KEY_FILE",
                dir.resolve("identity/node-key.pem").toString());
        env.put(
                "ZONECAM_MQTT_TLS_CERT_FILE",
                dir.resolve("identity/node-cert.pem").toString());
        nodes.add(new StreamNode(name, launchNode(name, env), httpPort, Map.copyOf(env)));
    }

    /** Runs the packaged stream node as process {@code process} with {@code env}. */
    private ManagedProcess launchNode(String process, Map<String, String> env) throws IOException {
        return launch(
                process,
                List.of(
                        java(),
                        "-Xmx384m",
                        "-jar",
                        out.resolve("apps/stream-node/quarkus-run.jar").toString()),
                env);
    }

    /** Starts {@code command} as process {@code name} in the run's root, logging beside the others; closed with the platform. */
    private ManagedProcess launch(String name, List<String> command, Map<String, String> env) throws IOException {
        ManagedProcess process = ManagedProcess.start(name, command, env, root, logs);
        resources.add(process);
        return process;
    }

    /** The started node with this name. */
    StreamNode node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
    }

    /** Kills a node's process with SIGKILL, as a crash would: no drain, no flush, spool left as it is. */
    void kill(String name) throws InterruptedException {
        StreamNode n = node(name);
        n.process().kill();
    }

    /** Starts a node again with the same environment (ports, spool, state), as after a crash or a deploy. */
    void restart(String name) throws IOException {
        StreamNode old = node(name);
        old.process().close();
        ManagedProcess node = launchNode(name + "-restarted", old.env());
        nodes.set(nodes.indexOf(old), new StreamNode(name, node, old.httpPort(), old.env()));
    }

    /** Simulated cameras that all publish for the whole run (the fleet tests). */
    private void startPublishingCameras() throws Exception {
        CamerasApi cameras = new CamerasApi(client("X-Api-Key", ownerApiKey));
        String suffix = database.substring(database.length() - 6).toUpperCase();
        List<String> args = simulator("512m", options.cameras(), "FLEET" + suffix);
        args.addAll(List.of("--ramp", "50"));
        args.addAll(options.simArgs());
        ManagedProcess sim = launch("cameras", args, Map.of());
        Await.value(
                        options.cameras() + " simulated cameras online",
                        Duration.ofSeconds(120),
                        () -> {
                            sim.requireAlive();
                            return cameras.listCameras(500, null, CameraStatus.ONLINE, null, null, null)
                                    .getItems();
                        },
                        list -> list.size() == options.cameras())
                .forEach(c -> liveCameras.add(c.getId()));
    }

    private void startCameras() throws Exception {
        ApiClient owner = client("X-Api-Key", ownerApiKey);
        CamerasApi cameras = new CamerasApi(owner);
        String suffix = database.substring(database.length() - 6).toUpperCase();
        // Two cameras publish for the whole run.
        ManagedProcess sim = camerasSim("cameras", "E2E" + suffix, 2);
        // One more publishes until it has been seen online, then stops: it is offline from then on.
        ManagedProcess leaving = camerasSim("camera-leaving", "E2EOFF" + suffix, 1);
        List<Camera> online = Await.value(
                "three simulated cameras online",
                Duration.ofSeconds(90),
                () -> {
                    sim.requireAlive();
                    return cameras.listCameras(50, null, CameraStatus.ONLINE, null, null, null)
                            .getItems();
                },
                list -> list.size() == 3);
        for (Camera c : online) {
            if (c.getSerial().startsWith("E2EOFF")) {
                offlineCamera = c.getId();
            } else {
                liveCameras.add(c.getId());
            }
        }
        leaving.close();
        Await.value(
                "the stopped camera to be reported offline",
                Duration.ofSeconds(60),
                () -> cameras.getCamera(offlineCamera).getStatus(),
                s -> s == CameraStatus.OFFLINE);
        // A camera claimed but never connected.
        String serial = "E2ENEVER" + suffix;
        new DevicesApi(client("Authorization", "Bearer " + operatorToken))
                .provisionDevices(new DeviceProvisioning()
                        .devices(List.of(new DeviceProvisioningDevicesInner()
                                .serial(serial)
                                .claimCode("NEVER-" + suffix))));
        neverConnectedCamera = cameras.registerCamera(new CameraClaim()
                        .serial(serial)
                        .claimCode("NEVER-" + suffix)
                        .name("Never connected"))
                .getCamera()
                .getId();
    }

    private ManagedProcess camerasSim(String name, String serialPrefix, int count) throws IOException {
        List<String> args = simulator("256m", count, serialPrefix);
        args.addAll(List.of(
                "--size", "640x360", "--bitrate", "600", "--fps", "25", "--clip-seconds", "10", "--gop-seconds", "1"));
        return launch(name, args, Map.of());
    }

    /**
     * The command line of a camera simulator process that provisions and claims {@code count} cameras with serials
     * {@code <serialPrefix>-<n>} through the control plane and obeys the device bus (this run's Mosquitto).
     */
    private List<String> simulator(String heap, int count, String serialPrefix) {
        return new ArrayList<>(List.of(
                java(),
                "-Xmx" + heap,
                "-jar",
                out.resolve("apps/camera-sim.jar").toString(),
                "--control-plane",
                control.toString(),
                "--api-key",
                ownerApiKey,
                "--operator-token",
                operatorToken,
                "--cameras",
                Integer.toString(count),
                "--serial-prefix",
                serialPrefix,
                "--mqtt",
                "ssl://" + bus.host() + ":" + bus.port(),
                "--mqtt-ca",
                bus.caFile().toString()));
    }

    // --- faults (FaultsEndToEndIT) ---

    /** Freezes the control plane with SIGSTOP, as a long GC pause, a throttled Lambda or a partition looks from outside. */
    void pauseControlPlane() throws IOException, InterruptedException {
        signal(controlPlane, "STOP");
    }

    /** Lets a paused control plane run again (SIGCONT). */
    void resumeControlPlane() throws IOException, InterruptedException {
        signal(controlPlane, "CONT");
    }

    /** Kills the control plane with SIGKILL. */
    void killControlPlane() throws InterruptedException {
        controlPlane.kill();
    }

    /** Starts the control plane again on the same port, keys and database, and waits until it is ready. */
    void restartControlPlane() throws Exception {
        controlPlane.close();
        resources.remove(controlPlane);
        ManagedProcess cp = launch("control-plane-restarted", controlPlaneCommand, controlPlaneEnv);
        controlPlane = cp;
        awaitControlPlane(cp);
    }

    /**
     * Takes this run's database away from the control plane as a PostgreSQL outage would: new connections are refused
     * and open ones are terminated. Other databases on the shared server are untouched.
     */
    void databaseDown() throws IOException, InterruptedException {
        psql("alter database " + database + " allow_connections false");
        psql("select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + database + "'");
    }

    /** Gives the database back after {@link #databaseDown()}. */
    void databaseUp() throws IOException, InterruptedException {
        psql("alter database " + database + " allow_connections true");
    }

    private static void signal(ManagedProcess p, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid()))
                .redirectErrorStream(true)
                .start();
        String output = new String(kill.getInputStream().readAllBytes());
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + p.pid() + " failed: " + output);
        }
    }

    /** An SDK client for the control plane with one credential header (or none). */
    ApiClient client(String header, String value) {
        ApiClient c = new ApiClient();
        c.updateBaseUri(control.toString());
        c.setConnectTimeout(Duration.ofSeconds(5));
        c.setReadTimeout(Duration.ofSeconds(20));
        if (header != null) {
            c.setRequestInterceptor(b -> b.header(header, value));
        }
        return c;
    }

    ApiClient owner() {
        return client("X-Api-Key", ownerApiKey);
    }

    ApiClient operator() {
        return client("Authorization", "Bearer " + operatorToken);
    }

    /** Which node each of the owner's cameras is placed on. */
    Map<UUID, UUID> placement() throws Exception {
        Map<UUID, UUID> m = new HashMap<>();
        for (Camera c : new CamerasApi(owner())
                .listCameras(500, null, null, null, null, null)
                .getItems()) {
            m.put(c.getId(), c.getNodeId());
        }
        return m;
    }

    /** Reads a camera's recording of {@code [from, to]} frame by frame through HLS, as the owner plays it back. */
    RecordingVerifier.Report verifyRecording(UUID camera, Instant from, Instant to) throws Exception {
        var url = new PlaybackApi(owner())
                .createRecordedPlayback(
                        camera,
                        new RecordedPlaybackRequest()
                                .from(OffsetDateTime.ofInstant(from, ZoneOffset.UTC))
                                .to(OffsetDateTime.ofInstant(to, ZoneOffset.UTC)));
        return new RecordingVerifier().verify(camera.toString(), URI.create(url.getUrl()));
    }

    /** The sum of a metric's series on a node's management endpoint. */
    double metric(StreamNode node, String name) throws IOException, InterruptedException {
        return metric(node, name, "");
    }

    /** The sum of a metric's series on a node whose line contains {@code labels} (e.g. {@code outcome="sent"}). */
    double metric(StreamNode node, String name, String labels) throws IOException, InterruptedException {
        String url = "http://127.0.0.1:" + node.env().get("QUARKUS_MANAGEMENT_PORT") + "/q/metrics";
        String body = http.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        double sum = 0;
        for (String line : body.lines().toList()) {
            if ((line.startsWith(name + " ") || line.startsWith(name + "{")) && line.contains(labels)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** The sum of a metric over every node. */
    double total(String name) throws IOException, InterruptedException {
        double sum = 0;
        for (StreamNode n : nodes) {
            sum += metric(n, name);
        }
        return sum;
    }

    /** The zone's node with the most cameras assigned, of those {@code which} accepts. */
    Node busiestNode(Predicate<Node> which) throws Exception {
        return new NodesApi(operator())
                .listNodes(ZONE).stream()
                        .filter(which)
                        .max(Comparator.comparingInt(Node::getAssignedCameras))
                        .orElseThrow();
    }

    /** The cameras that {@code placement} ({@link #placement()}) has on a node. */
    static List<UUID> camerasOn(Map<UUID, UUID> placement, UUID nodeId) {
        return placement.entrySet().stream()
                .filter(e -> nodeId.equals(e.getValue()))
                .map(Map.Entry::getKey)
                .toList();
    }

    /** Runs a scenario of the viewer in the browser against this platform ({@link Browser#run}). */
    JsonNode browse(String scenario, Map<String, Object> args, Duration timeout) throws Exception {
        requireAlive();
        return Browser.run(root, out, viewerBase, scenario, args, timeout);
    }

    /** The node a camera is assigned to. */
    Node nodeOf(UUID camera) throws Exception {
        UUID id = new CamerasApi(owner()).getCamera(camera).getNodeId();
        return new NodesApi(operator()).getNode(id);
    }

    int get(String url) throws IOException, InterruptedException {
        return http.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /** Fails with the logs' tails when a platform process died. */
    void requireAlive() {
        for (AutoCloseable r : resources) {
            if (r instanceof ManagedProcess p && !p.name().equals("camera-leaving")) {
                p.requireAlive();
            }
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freeUdpPort() {
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        List<AutoCloseable> reversed = new ArrayList<>(resources);
        java.util.Collections.reverse(reversed);
        for (AutoCloseable r : reversed) {
            try {
                r.close();
            } catch (Exception e) {
                System.err.println("e2e: stopping " + r + " failed: " + e);
            }
        }
        resources.clear();
    }
}
