package io.zonecam.webrtc.sfu;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * WhepTestServer is the smallest WHEP endpoint over the {@link Sfu} API (what the Quarkus app will do properly):
 * {@code POST /whep/{camera}} with an SDP offer answers 201 with the SDP answer and a Location, {@code DELETE} on that
 * Location ends the viewer, refusals become problem+json with {@link SfuException.Reason#httpStatus()}. It also
 * serves the test player page.
 */
final class WhepTestServer implements AutoCloseable {

    static final Path NODE_DIR = Path.of("src", "test", "node");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Sfu sfu;
    /** Nanotime of the last POST received, for first-frame measurements from the server's side. */
    volatile long lastPostNanos;

    private WhepTestServer(Sfu sfu) throws IOException {
        this.sfu = sfu;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/whep/", this::whep);
        server.createContext("/player.html", ex -> file(ex, NODE_DIR.resolve("player.html"), "text/html"));
        server.setExecutor(executor);
        server.start();
    }

    static WhepTestServer start(Sfu sfu) throws IOException {
        return new WhepTestServer(sfu);
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    String whepUrl(String cameraId) {
        return base() + "/whep/" + cameraId;
    }

    private void whep(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            if (method.equals("POST") && !path.startsWith("/whep/viewers/")) {
                lastPostNanos = System.nanoTime();
                String camera = path.substring("/whep/".length());
                String offer = new String(ex.getRequestBody().readNBytes(64 * 1024), StandardCharsets.UTF_8);
                try {
                    ViewerAnswer a = sfu.createViewer(camera, offer);
                    ex.getResponseHeaders().add("Content-Type", "application/sdp");
                    ex.getResponseHeaders().add("Location", "/whep/viewers/" + a.viewerId());
                    ex.getResponseHeaders().add("ETag", a.etag());
                    send(ex, 201, a.answerSdp());
                } catch (SfuException e) {
                    ex.getResponseHeaders().add("Content-Type", "application/problem+json");
                    send(
                            ex,
                            e.reason().httpStatus(),
                            "{\"title\":\"" + e.reason() + "\",\"status\":"
                                    + e.reason().httpStatus() + ",\"detail\":\""
                                    + e.getMessage().replace("\"", "'").replace("\\", "/") + "\"}");
                }
            } else if (method.equals("DELETE") && path.startsWith("/whep/viewers/")) {
                boolean found = sfu.deleteViewer(path.substring("/whep/viewers/".length()));
                ex.sendResponseHeaders(found ? 200 : 404, -1);
            } else {
                ex.sendResponseHeaders(405, -1);
            }
        }
    }

    private static void file(HttpExchange ex, Path file, String type) throws IOException {
        try (ex) {
            ex.getResponseHeaders().add("Content-Type", type);
            send(ex, 200, Files.readString(file));
        }
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
