package io.zonecam.testing.mqtt;

import io.zonecam.testing.Await;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * TlsMosquitto runs a real Mosquitto with exactly the device-bus configuration the project ships
 * ({@code scripts/mosquitto/render}: TLS, {@code require_certificate}, the certificate's CN as user name, the CRL and
 * the ACL) on a free port of 127.0.0.1. Its server certificate comes from the given {@link TestCa} (CN and SAN
 * {@code localhost}), so clients verify it against that CA and connect to {@code localhost:port()}.
 *
 * <p>Mosquitto reads the CRL only at start: {@link #crl(String)} writes a new one and restarts the broker on the same
 * port (its clients are disconnected and reconnect).
 */
public final class TlsMosquitto implements AutoCloseable {

    private static final Duration START = Duration.ofSeconds(15);

    private final Path dir;
    private final int port;
    private Process broker;

    private TlsMosquitto(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Starts the broker in {@code dir} (created if missing) for the nodes of {@code zones}, with {@code ca}'s CRL. */
    public static TlsMosquitto start(Path dir, TestCa ca, String... zones) throws IOException {
        if (zones.length == 0) {
            throw new IllegalArgumentException("at least one zone: the ACL has a node block per zone");
        }
        Files.createDirectories(dir);
        TestCa.Issued server = ca.issueServer("mosquitto-server");
        Files.copy(ca.certificate(), dir.resolve("ca.pem"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(server.certificate(), dir.resolve("server.pem"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(server.key(), dir.resolve("server.key"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(dir.resolve("crl.pem"), ca.crl());
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        List<String> render = new ArrayList<>(
                List.of("bash", renderScript().toString(), dir.toAbsolutePath().toString(), Integer.toString(port)));
        render.addAll(List.of(zones));
        run(render);
        TlsMosquitto mosquitto = new TlsMosquitto(dir, port);
        mosquitto.launch();
        return mosquitto;
    }

    /** The host name clients connect to (the one the server certificate names). */
    public String host() {
        return "localhost";
    }

    public int port() {
        return port;
    }

    /** The CA certificate clients verify the broker against (PEM file). */
    public Path caFile() {
        return dir.resolve("ca.pem");
    }

    /** Replaces the CRL (PEM, e.g. the control plane's GET /v1/certificates/crl) and restarts the broker with it. */
    public synchronized void crl(String pem) throws IOException {
        Files.writeString(dir.resolve("crl.pem"), pem);
        stop();
        launch();
    }

    /** What Mosquitto logged (connections, refusals), for assertions and failure messages. */
    public String log() throws IOException {
        Path log = dir.resolve("mosquitto.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** Kills the broker with SIGKILL, as a crash would; {@link #restart()} starts it again on the same port. */
    public synchronized void kill() throws InterruptedException {
        if (broker != null) {
            broker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            broker = null;
        }
    }

    /** Starts the broker again (stopping it first if it runs), same port and configuration. */
    public synchronized void restart() throws IOException {
        stop();
        launch();
    }

    @Override
    public synchronized void close() {
        stop();
    }

    private void launch() throws IOException {
        broker = new ProcessBuilder(
                        "mosquitto", "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("mosquitto.log").toFile()))
                .start();
        try {
            Await.until("mosquitto listening on " + port, START, () -> {
                if (!broker.isAlive()) {
                    throw new IllegalStateException("mosquitto exited with " + broker.exitValue());
                }
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                    return true;
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (AssertionError | IllegalStateException e) {
            stop();
            throw new IOException(e.getMessage() + "; mosquitto said: " + log(), e);
        }
    }

    private void stop() {
        if (broker == null) {
            return;
        }
        broker.destroy();
        try {
            if (!broker.waitFor(10, TimeUnit.SECONDS)) {
                broker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        broker = null;
    }

    /** scripts/mosquitto/render of this checkout, found from the module directory the tests run in. */
    static Path renderScript() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path script = d.resolve("scripts/mosquitto/render");
            if (Files.isRegularFile(script)) {
                return script;
            }
        }
        throw new IllegalStateException(
                "scripts/mosquitto/render not found above " + Path.of("").toAbsolutePath());
    }

    private static void run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
