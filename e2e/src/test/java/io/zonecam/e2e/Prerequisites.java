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

    private Prerequisites() {}

    static void check(Path root) throws IOException {
        List<String> missing = new ArrayList<>();
        for (String artifact : List.of(
                "stream-node/app/target/quarkus-app/quarkus-run.jar",
                "camera-sim/target/camera-sim.jar",
                "web-viewer/target/dist/index.html",
                "e2e/src/test/node/node_modules/playwright-core/package.json")) {
            if (!Files.exists(root.resolve(artifact))) {
                missing.add(artifact + " (build it: ./mvnw -B verify from the root)");
            }
        }
        for (String tool : List.of("/usr/bin/chromium", "ffprobe", "psql", "node", "mosquitto", "openssl")) {
            if (!onPath(tool)) {
                missing.add(tool + " (./scripts/test-all installs it with apt)");
            }
        }
        if (!listening(5432)) {
            missing.add("PostgreSQL on 127.0.0.1:5432");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the end-to-end tests need:\n  " + String.join("\n  ", missing));
        }
    }

    /**
     * The default build packages the control plane for AWS Lambda (target/function.zip), which neither listens on HTTP
     * nor carries the viewer; unless control-lambdas/target/quarkus-app holds a newer local build with the viewer,
     * this rebuilds it as the local HTTP server with the viewer at /viewer/ (-Dlocal), as run-local does.
     */
    static void ensureLocalControlPlane(Path root, Path logs) throws IOException, InterruptedException {
        Path target = root.resolve("control-lambdas/target");
        Path runner = target.resolve("quarkus-app/quarkus-run.jar");
        Path lib = target.resolve("quarkus-app/lib/main");
        if (Files.exists(runner) && Files.isDirectory(lib)) {
            List<String> names;
            try (Stream<Path> jars = Files.list(lib)) {
                names = jars.map(p -> p.getFileName().toString()).toList();
            }
            boolean local = names.stream().noneMatch(n -> n.contains("quarkus-amazon-lambda"))
                    && names.stream().anyMatch(n -> n.startsWith("io.zonecam.zonecam-web-viewer-"));
            Path lambdaZip = target.resolve("function.zip");
            boolean newerThanLambda = !Files.exists(lambdaZip)
                    || Files.getLastModifiedTime(runner).compareTo(Files.getLastModifiedTime(lambdaZip)) > 0;
            if (local && newerThanLambda) {
                return;
            }
        }
        Files.createDirectories(logs);
        Path log = logs.resolve("control-plane-local-build.log");
        System.out.println(
                "e2e: rebuilding the control plane as a local HTTP server with the viewer (-Dlocal); log: " + log);
        long t0 = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(
                        root.resolve("mvnw").toString(),
                        "-B",
                        "-ntp",
                        "-q",
                        "-Dlocal",
                        "-DskipTests",
                        "-Dnpm.skip=true",
                        "-pl",
                        "control-lambdas",
                        "-am",
                        "package")
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment()
                .put("JAVA_HOME", Path.of(System.getProperty("java.home")).toString());
        Process p = pb.start();
        if (!p.waitFor(8, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("the -Dlocal control plane build failed; see " + log);
        }
        System.out.println("e2e: control plane rebuilt in " + (System.nanoTime() - t0) / 1_000_000_000 + " s");
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
