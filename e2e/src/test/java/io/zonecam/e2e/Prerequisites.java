package io.zonecam.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Prerequisites checks what the end-to-end tests need and says plainly what is missing, instead of skipping. */
final class Prerequisites {

    private Prerequisites() {
    }

    static void check(Path root) throws IOException {
        List<String> missing = new ArrayList<>();
        for (String artifact : List.of("control-lambdas/target/quarkus-app/quarkus-run.jar",
                "stream-node/app/target/quarkus-app/quarkus-run.jar", "camera-sim/target/camera-sim.jar",
                "web-viewer/target/dist/index.html", "e2e/src/test/node/node_modules/playwright-core/package.json")) {
            if (!Files.exists(root.resolve(artifact))) {
                missing.add(artifact + " (build it: ./mvnw -B verify from the root)");
            }
        }
        for (String tool : List.of("/usr/bin/chromium", "ffprobe", "psql", "node")) {
            if (!onPath(tool)) {
                missing.add(tool + " (./scripts/test-all installs it with apt)");
            }
        }
        if (!listening(1883)) {
            missing.add("Mosquitto on 127.0.0.1:1883 (mosquitto -d -c /etc/mosquitto/mosquitto.conf)");
        }
        if (!listening(5432)) {
            missing.add("PostgreSQL on 127.0.0.1:5432");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the end-to-end tests need:\n  " + String.join("\n  ", missing));
        }
    }

    /** Whether the control plane's packaged app includes the web viewer jar (then it serves /viewer/ itself). */
    static boolean controlPlaneBundlesViewer(Path root) throws IOException {
        try (Stream<Path> jars = Files.list(root.resolve("control-lambdas/target/quarkus-app/lib/main"))) {
            return jars.anyMatch(p -> p.getFileName().toString().startsWith("io.zonecam.zonecam-web-viewer-"));
        }
    }

    /**
     * The default build packages the control plane for AWS Lambda, which does not listen on HTTP; when that is what
     * control-lambdas/target/quarkus-app holds, this rebuilds it as the local HTTP server (-Dlocal), as run-local does.
     */
    static void ensureLocalControlPlane(Path root, Path logs) throws IOException, InterruptedException {
        Path lib = root.resolve("control-lambdas/target/quarkus-app/lib/main");
        boolean lambda;
        try (Stream<Path> jars = Files.list(lib)) {
            lambda = jars.anyMatch(p -> p.getFileName().toString().contains("quarkus-amazon-lambda"));
        }
        if (!lambda) {
            return;
        }
        Files.createDirectories(logs);
        Path log = logs.resolve("control-plane-local-build.log");
        System.out.println("e2e: rebuilding the control plane as a local HTTP server (-Dlocal); log: " + log);
        ProcessBuilder pb = new ProcessBuilder(root.resolve("mvnw").toString(), "-B", "-ntp", "-q", "-Dlocal",
                "-DskipTests", "-Dnpm.skip=true", "-pl", "control-lambdas", "-am", "package")
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JAVA_HOME", Path.of(System.getProperty("java.home")).toString());
        Process p = pb.start();
        if (!p.waitFor(8, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("the -Dlocal control plane build failed; see " + log);
        }
    }

    private static boolean onPath(String tool) {
        if (tool.startsWith("/")) {
            return Files.isExecutable(Path.of(tool));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
