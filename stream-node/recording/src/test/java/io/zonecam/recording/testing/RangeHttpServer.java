package io.zonecam.recording.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.zonecam.recording.store.ObjectNotFoundException;
import io.zonecam.recording.store.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RangeHttpServer serves playlists from memory and object bytes from an {@link ObjectStore} under
 * {@code /o/<key>}, honouring {@code Range: bytes=a-b} with 206 responses (RFC 9110 §14), as the node's playback
 * proxy would. Test-only: no tokens.
 */
public final class RangeHttpServer implements AutoCloseable {

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final ObjectStore store;
    private final Map<String, String> texts = new ConcurrentHashMap<>();
    private final AtomicLong rangeRequests = new AtomicLong();

    public RangeHttpServer(ObjectStore store) throws IOException {
        this.store = store;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Serves {@code text} at {@code path} (e.g. {@code /playlist.m3u8}). */
    public String publish(String path, String text) {
        texts.put(path, text);
        return base() + path;
    }

    /** http://127.0.0.1:port */
    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The URL of an object. */
    public String objectUrl(String key) {
        return base() + "/o/" + key;
    }

    /** Ranged object requests served. */
    public long rangeRequests() {
        return rangeRequests.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String text = texts.get(path);
            if (text != null) {
                byte[] body = text.getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "application/vnd.apple.mpegurl");
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
                return;
            }
            if (!path.startsWith("/o/")) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            String key = path.substring(3);
            Optional<io.zonecam.recording.store.ObjectInfo> info = store.head(key);
            if (info.isEmpty()) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            long size = info.get().size();
            long start = 0;
            long end = size - 1;
            String range = ex.getRequestHeaders().getFirst("Range");
            boolean partial = false;
            if (range != null) {
                Matcher m = RANGE.matcher(range.trim());
                if (!m.matches() || Long.parseLong(m.group(1)) >= size) {
                    ex.getResponseHeaders().set("Content-Range", "bytes */" + size);
                    ex.sendResponseHeaders(416, -1);
                    return;
                }
                start = Long.parseLong(m.group(1));
                end = m.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(m.group(2)));
                partial = true;
                rangeRequests.incrementAndGet();
            }
            long length = end - start + 1;
            ex.getResponseHeaders().set("Content-Type", ObjectStore.MP4);
            ex.getResponseHeaders().set("Accept-Ranges", "bytes");
            if (partial) {
                ex.getResponseHeaders().set("Content-Range", "bytes " + start + "-" + end + "/" + size);
            }
            ex.sendResponseHeaders(partial ? 206 : 200, length);
            try (InputStream in = store.open(key, start, length);
                    OutputStream out = ex.getResponseBody()) {
                in.transferTo(out);
            }
        } catch (ObjectNotFoundException e) {
            // raced with a delete: the status line may already be out; nothing more to do
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
