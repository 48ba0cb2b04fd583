package io.zonecam.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * ViewerServer serves web-viewer/target/dist at /viewer/ and passes every other path to the control plane, so the
 * viewer and the API share one origin exactly as when the control plane serves the viewer itself. The tests use it
 * only while the control plane does not serve /viewer/ yet (a dedicated test says so).
 */
final class ViewerServer implements AutoCloseable {

    private static final List<String> REQUEST_HEADERS = List.of("Content-Type", "Accept", "Authorization", "X-Api-Key");
    private static final List<String> RESPONSE_HEADERS = List.of("Content-Type", "Location", "Retry-After",
            "Content-Disposition");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "js",
            "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "json", "application/json", "map",
            "application/json");

    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Path dist;
    private final URI control;

    private ViewerServer(Path dist, URI control) throws IOException {
        this.dist = dist;
        this.control = control;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    static ViewerServer start(Path dist, URI control) throws IOException {
        return new ViewerServer(dist, control);
    }

    /** The origin, e.g. http://127.0.0.1:40123. */
    String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (path.equals("/viewer") || path.startsWith("/viewer/")) {
                serveFile(ex, path.substring("/viewer".length()));
            } else {
                proxy(ex);
            }
        } catch (IOException | RuntimeException e) {
            ex.sendResponseHeaders(502, -1);
        }
    }

    private void serveFile(HttpExchange ex, String rel) throws IOException {
        String name = rel.isEmpty() || rel.equals("/") ? "index.html" : rel.substring(1);
        Path file = dist.resolve(name).normalize();
        if (!file.startsWith(dist) || !Files.isRegularFile(file)) {
            ex.sendResponseHeaders(404, -1);
            return;
        }
        String ext = name.substring(name.lastIndexOf('.') + 1);
        ex.getResponseHeaders().set("Content-Type", TYPES.getOrDefault(ext, "application/octet-stream"));
        byte[] body = Files.readAllBytes(file);
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
    }

    private void proxy(HttpExchange ex) throws IOException {
        URI target = control.resolve(ex.getRequestURI().getRawPath()
                + (ex.getRequestURI().getRawQuery() != null ? "?" + ex.getRequestURI().getRawQuery() : ""));
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readAllBytes();
        }
        HttpRequest.Builder req = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30))
                .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (String h : REQUEST_HEADERS) {
            String v = ex.getRequestHeaders().getFirst(h);
            if (v != null) {
                req.header(h, v);
            }
        }
        HttpResponse<byte[]> res;
        try {
            res = client.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        for (String h : RESPONSE_HEADERS) {
            res.headers().firstValue(h).ifPresent(v -> ex.getResponseHeaders().set(h, v));
        }
        byte[] out = res.body();
        ex.sendResponseHeaders(res.statusCode(), out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            try (OutputStream os = ex.getResponseBody()) {
                os.write(out);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
