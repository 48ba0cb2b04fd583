package io.zonecam.sim;

import io.zonecam.ingest.IngestProtocol;
import io.zonecam.sim.camera.CameraFleet;
import io.zonecam.sim.camera.CameraStats;
import io.zonecam.sim.camera.FleetStats;
import io.zonecam.sim.camera.SimConfig;
import io.zonecam.sim.camera.SimulatedCamera;
import io.zonecam.sim.camera.TargetSource;
import io.zonecam.sim.clip.Clip;
import io.zonecam.sim.clip.ClipGenerator;
import io.zonecam.sim.clip.ClipLoader;
import io.zonecam.sim.clip.ClipSpec;
import io.zonecam.sim.control.CameraCredentials;
import io.zonecam.sim.control.ControlPlane;
import io.zonecam.sim.control.ControlPlaneTargets;
import io.zonecam.sim.publish.ConnectionConfig;
import io.zonecam.sim.publish.PublishTarget;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * CameraSimulator is the command line of the simulator: it prepares the clip, obtains credentials (URL template,
 * credentials file or control-plane registration), starts the cameras at a paced ramp and prints a summary line
 * periodically until the duration ends or the process is interrupted.
 */
@Command(
        name = "camera-sim",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Simulates many IP cameras publishing a pre-encoded H.264/AAC clip over RTSP or RTMP, with a "
                + "frame marker (camera id, frame counter, capture time) in every frame.")
public final class CameraSimulator implements Callable<Integer> {

    @Option(names = "--cameras", description = "Number of cameras (default ${DEFAULT-VALUE}).", defaultValue = "1")
    int cameras;

    @Option(
            names = "--protocol",
            description = "rtsp or rtmp, for control-plane cameras (default ${DEFAULT-VALUE}).",
            defaultValue = "rtsp")
    String protocol;

    @Option(
            names = "--url",
            description = "Publish URL without a control plane, e.g. "
                    + "rtsp://127.0.0.1:8554/live/cam-{i}?token=...; {i} is replaced by the camera number (1..N).")
    String url;

    @Option(
            names = "--credentials",
            description = "File with one camera per line: '<cameraId>,<url>' or, with "
                    + "--control-plane, '<cameraId>,<deviceSecret>'.")
    Path credentials;

    @Option(names = "--control-plane", description = "Control plane base URL, e.g. http://localhost:8080.")
    URI controlPlane;

    @Option(names = "--api-key", description = "Owner API key that claims the cameras (X-Api-Key).")
    String apiKey;

    @Option(names = "--operator-token", description = "Operator bearer token that provisions the serials first.")
    String operatorToken;

    @Option(
            names = "--serial-prefix",
            description = "Serials are <prefix>-<n> (default ${DEFAULT-VALUE}).",
            defaultValue = "ZCSIM")
    String serialPrefix;

    @Option(names = "--credentials-out", description = "Write registered cameras' '<cameraId>,<deviceSecret>' here.")
    Path credentialsOut;

    @Option(
            names = "--mqtt",
            description = "Device bus broker URI, ssl://host:port (needs --control-plane and --mqtt-ca): each "
                    + "camera makes its own key, gets its certificate from the control plane, connects with "
                    + "mutual TLS as itself, reports its state and obeys commands (reconnect make-before-break, "
                    + "keyframe).")
    private String mqtt;

    @Option(
            names = "--mqtt-ca",
            description = "CA certificate(s), PEM, that sign the broker's certificate (the platform CA locally).")
    private Path mqttCa;

    @Option(names = "--clip", description = "A clip to loop (H.264 + optional AAC; never re-encoded).")
    Path clip;

    @Option(names = "--cache-dir", description = "Where generated clips are kept (default ~/.cache/zonecam-sim).")
    Path cacheDir;

    @Option(
            names = "--size",
            description = "Generated clip size WxH (default ${DEFAULT-VALUE}).",
            defaultValue = "1280x720")
    String size;

    @Option(names = "--fps", defaultValue = "25", description = "Generated clip frame rate (default ${DEFAULT-VALUE}).")
    int fps;

    @Option(
            names = "--bitrate",
            defaultValue = "2000",
            description = "Generated clip video kb/s (default ${DEFAULT-VALUE}).")
    int bitrate;

    @Option(
            names = "--clip-seconds",
            defaultValue = "10",
            description = "Generated loop length (default ${DEFAULT-VALUE}).")
    int clipSeconds;

    @Option(names = "--gop-seconds", defaultValue = "2", description = "Keyframe interval (default ${DEFAULT-VALUE}).")
    int gopSeconds;

    @Option(names = "--bframes", description = "High profile with B-frames instead of Main without.")
    boolean bframes;

    @Option(names = "--no-audio", description = "Generate the clip without AAC.")
    boolean noAudio;

    @Option(
            names = "--rtp-payload",
            defaultValue = "1400",
            description = "RTP payload size (default ${DEFAULT-VALUE}).")
    int rtpPayload;

    @Option(
            names = "--duration",
            converter = DurationConverter.class,
            description = "Run this long (e.g. 90s, 10m, 2h), then unpublish and exit; default: until interrupted.")
    Duration duration;

    @Option(names = "--threads", defaultValue = "1", description = "Event loop threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(
            names = "--tick",
            defaultValue = "20ms",
            converter = DurationConverter.class,
            description = "Pacing tick (default ${DEFAULT-VALUE}).")
    Duration tick;

    @Option(
            names = "--ramp",
            defaultValue = "50",
            description = "Cameras started per second (default ${DEFAULT-VALUE}).")
    int ramp;

    @Option(
            names = "--summary-every",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description = "Summary line period (default ${DEFAULT-VALUE}).")
    Duration summaryEvery;

    @Option(
            names = "--motion-every",
            converter = DurationConverter.class,
            description = "With --mqtt, each camera reports motion on its events topic this often (e.g. 5s).")
    Duration motionEvery;

    @Option(names = "--stats-out", description = "Write per-camera counters as CSV here at exit.")
    Path statsOut;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final PrintStream out;
    private SimulatorBus bus;

    CameraSimulator(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        int code = new CommandLine(new CameraSimulator(System.out))
                .setCaseInsensitiveEnumValuesAllowed(true)
                .execute(args);
        System.exit(code);
    }

    @Override
    public Integer call() throws Exception {
        if (url == null && credentials == null && controlPlane == null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "give --url, --credentials or --control-plane");
        }
        if (url != null && cameras > 1 && !url.contains("{i}")) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--url needs a {i} placeholder for more than one camera (each camera needs its own path)");
        }
        if (mqtt != null && (controlPlane == null || mqttCa == null || !mqtt.startsWith("ssl://"))) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--mqtt takes ssl://host:port and needs --mqtt-ca and --control-plane: cameras join the device "
                            + "bus with a certificate the control plane issues for their device credentials");
        }
        Clip c = loadClip();
        out.println("clip " + c.describe());
        SimConfig config =
                SimConfig.defaults().withThreads(threads).withTick(tick).withConnection(ConnectionConfig.defaults());
        List<Runnable> cleanup = new ArrayList<>();
        try (CameraFleet fleet = new CameraFleet(c, config)) {
            List<Starter> starters = plan(cleanup);
            java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
            Thread hook = new Thread(
                    () -> {
                        if (done.compareAndSet(false, true)) {
                            fleet.close(); // Ctrl-C: unpublish in order so nodes see TEARDOWN/deleteStream
                            out.println("final " + fleet.stats().summary(null, 0));
                        }
                    },
                    "camera-sim-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            long t0 = System.nanoTime();
            long gap = 1_000_000_000L / Math.max(1, ramp);
            for (int i = 0; i < starters.size(); i++) {
                Starter s = starters.get(i);
                long wait = t0 + i * gap - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(
                            wait); // the ramp: a node accepts a herd poorly, real fleets power on spread out
                }
                s.target().whenComplete((t, e) -> {
                    if (e != null) {
                        out.println("camera " + s.id() + ": no target: " + e.getMessage());
                        return;
                    }
                    SimulatedCamera camera = fleet.camera(s.id(), s.source());
                    if (bus != null) {
                        bus.join(camera, s.credentials(), s.source(), motionEvery, cleanup);
                    }
                    camera.start(t);
                });
            }
            runUntilDone(fleet);
            if (!done.compareAndSet(false, true)) {
                return 130;
            }
            Runtime.getRuntime().removeShutdownHook(hook);
            fleet.close();
            FleetStats end = fleet.stats();
            out.println("final " + end.summary(null, 0));
            if (statsOut != null) {
                writeStats(end);
            }
        } finally {
            cleanup.forEach(Runnable::run);
        }
        return 0;
    }

    private void runUntilDone(CameraFleet fleet) throws InterruptedException {
        CountDownLatch never = new CountDownLatch(1);
        long end = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
        FleetStats previous = fleet.stats();
        long last = System.nanoTime();
        fleet.takeRecentMaxLagMicros();
        while (System.nanoTime() < end) {
            long wait = Math.min(summaryEvery.toNanos(), end - System.nanoTime());
            if (never.await(Math.max(1, wait), TimeUnit.NANOSECONDS)) {
                break;
            }
            FleetStats now = fleet.stats();
            long t = System.nanoTime();
            out.println(now.summary(previous, (t - last) / 1e9, fleet.takeRecentMaxLagMicros())
                    + (bus == null ? "" : " | " + bus.summary()));
            previous = now;
            last = t;
        }
    }

    private Clip loadClip() throws IOException {
        Path file = clip;
        if (file == null) {
            String[] wh = size.toLowerCase(Locale.ROOT).split("x");
            ClipSpec spec = new ClipSpec(
                    Integer.parseInt(wh[0]),
                    Integer.parseInt(wh[1]),
                    fps,
                    clipSeconds,
                    gopSeconds,
                    bitrate,
                    bframes,
                    noAudio ? 0 : 64);
            file = ClipGenerator.ensure(spec, cacheDir != null ? cacheDir : ClipGenerator.defaultCacheDir());
        }
        return ClipLoader.load(file, rtpPayload);
    }

    /** Starter is one camera to start: its id, how its first target is obtained, and its reconnect source. */
    private record Starter(
            String id, CompletableFuture<PublishTarget> target, TargetSource source, CameraCredentials credentials) {}

    private List<Starter> plan(List<Runnable> cleanup) throws Exception {
        List<Starter> list = new ArrayList<>();
        IngestProtocol proto = IngestProtocol.valueOf(protocol.toUpperCase(Locale.ROOT));
        if (url != null) {
            for (int i = 1; i <= cameras; i++) {
                PublishTarget t = PublishTarget.of(url.replace("{i}", Integer.toString(i)));
                String id = t.pathCameraId() != null ? t.pathCameraId() : "cam-" + i;
                list.add(new Starter(id, CompletableFuture.completedFuture(t), TargetSource.fixed(), null));
            }
            return list;
        }
        List<CameraCredentials> registered = new ArrayList<>();
        if (credentials != null) {
            for (String line : Files.readAllLines(credentials, StandardCharsets.UTF_8)) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split(",", 2);
                if (f.length != 2) {
                    throw new IOException("bad credentials line (want '<cameraId>,<url or secret>'): " + f[0]);
                }
                if (f[1].startsWith("rtsp://") || f[1].startsWith("rtmp://")) {
                    list.add(new Starter(
                            f[0],
                            CompletableFuture.completedFuture(PublishTarget.of(f[1])),
                            TargetSource.fixed(),
                            null));
                } else {
                    registered.add(new CameraCredentials(f[0], f[1]));
                }
            }
            if (!registered.isEmpty() && controlPlane == null) {
                throw new IOException("device secrets in " + credentials + " need --control-plane");
            }
        }
        if (controlPlane != null) {
            ControlPlane cp = new ControlPlane(controlPlane, apiKey, operatorToken);
            if (credentials == null) {
                registered.addAll(register(cp));
            }
            ControlPlaneTargets targets = new ControlPlaneTargets(cp, proto, 8);
            cleanup.add(targets::close);
            if (mqtt != null) {
                bus = new SimulatorBus(mqtt, mqttCa, cp, out);
                cleanup.add(bus::close);
            }
            for (CameraCredentials cc : registered) {
                list.add(new Starter(cc.cameraId(), targets.add(cc), targets, cc));
            }
        }
        return list;
    }

    private List<CameraCredentials> register(ControlPlane cp) throws Exception {
        if (apiKey == null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--control-plane without --credentials needs --api-key to claim cameras");
        }
        List<String> serials = new ArrayList<>();
        for (int i = 1; i <= cameras; i++) {
            serials.add(String.format("%s-%06d", serialPrefix, i));
        }
        if (operatorToken != null) {
            int added = cp.provision(serials);
            out.println("provisioned " + serials.size() + " serials (" + added + " new)");
        }
        List<CameraCredentials> creds = new ArrayList<>();
        for (String s : serials) {
            creds.add(cp.claim(s, "Simulated camera " + s));
        }
        out.println("claimed " + creds.size() + " cameras");
        if (credentialsOut != null) {
            StringBuilder b = new StringBuilder("# cameraId,deviceSecret (zonecam camera-sim)\n");
            for (CameraCredentials cc : creds) {
                b.append(cc.cameraId()).append(',').append(cc.deviceSecret()).append('\n');
            }
            Files.writeString(credentialsOut, b.toString(), StandardCharsets.UTF_8);
        }
        return creds;
    }

    private void writeStats(FleetStats s) throws IOException {
        StringBuilder b = new StringBuilder("camera,phase,frames_generated,frames_sent,frames_dropped,frames_unsent,"
                + "frames_skipped,audio_sent,bytes,sessions,connect_failures,reconnects,moves,max_lag_ms,last_error\n");
        for (CameraStats c : s.perCamera()) {
            b.append(String.join(
                            ",",
                            c.cameraId(),
                            c.phase().name(),
                            Long.toString(c.framesGenerated()),
                            Long.toString(c.framesSent()),
                            Long.toString(c.framesDropped()),
                            Long.toString(c.framesUnsent()),
                            Long.toString(c.framesSkipped()),
                            Long.toString(c.audioFramesSent()),
                            Long.toString(c.bytesSent()),
                            Long.toString(c.sessionsOpened()),
                            Long.toString(c.connectFailures()),
                            Long.toString(c.reconnects()),
                            Long.toString(c.moves()),
                            Long.toString(c.maxLagMicros() / 1000),
                            c.lastError() == null ? "" : '"' + c.lastError().replace("\"", "'") + '"'))
                    .append('\n');
        }
        Files.writeString(statsOut, b.toString(), StandardCharsets.UTF_8);
    }
}
