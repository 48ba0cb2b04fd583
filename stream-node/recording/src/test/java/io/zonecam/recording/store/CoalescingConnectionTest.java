package io.zonecam.recording.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A body written in the SDK's 4 KiB pieces through the buffering connection reaches a real HTTP server whole. */
class CoalescingConnectionTest {

    private HttpServer server;
    private final AtomicReference<byte[]> received = new AtomicReference<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ok", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                received.set(in.readAllBytes());
            }
            byte[] answer = "stored".getBytes(StandardCharsets.US_ASCII);
            exchange.getResponseHeaders().add("ETag", "\"e1\"");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.createContext("/denied", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            byte[] answer = "<Error>AccessDenied</Error>".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(403, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private HttpURLConnection put(String path, byte[] body) throws Exception {
        HttpURLConnection c = CoalescingConnection.open(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path),
                Duration.ofSeconds(5),
                Duration.ofSeconds(30));
        c.setRequestMethod("PUT");
        c.setDoOutput(true);
        c.setFixedLengthStreamingMode((long) body.length);
        OutputStream out = c.getOutputStream();
        // As the SDK's IoUtils.copy writes: 4 KiB at a time, the last piece shorter, never closed by the caller.
        for (int off = 0; off < body.length; off += 4096) {
            out.write(body, off, Math.min(4096, body.length - off));
        }
        return c;
    }

    @Test
    void shouldDeliverTheWholeBodyBeforeTheResponseIsRead() throws Exception {
        byte[] body = new byte[CoalescingConnection.BODY_BUFFER * 5 + 1234];
        new Random(7).nextBytes(body);

        HttpURLConnection c = put("/ok", body);

        assertThat(c.getResponseCode()).isEqualTo(200);
        assertThat(c.getHeaderField("ETag")).isEqualTo("\"e1\"");
        try (InputStream in = c.getInputStream()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("stored");
        }
        assertThat(received.get()).isEqualTo(body);
        c.disconnect();
    }

    @Test
    void shouldDeliverABodySmallerThanTheBuffer() throws Exception {
        byte[] body = "a small object".getBytes(StandardCharsets.US_ASCII);

        HttpURLConnection c = put("/ok", body);
        c.setReadTimeout(1); // as the SDK sets its defaults: the store's own timeouts stay

        assertThat(c.getReadTimeout()).isEqualTo(30_000);
        assertThat(c.getHeaderFields()).containsKey("Etag");
        assertThat(c.getResponseCode()).isEqualTo(200);
        assertThat(received.get()).isEqualTo(body);
        c.disconnect();
    }

    @Test
    void shouldReadAnErrorAnswerAfterTheBody() throws Exception {
        byte[] body = new byte[100_000];

        HttpURLConnection c = put("/denied", body);

        assertThat(c.getResponseCode()).isEqualTo(403);
        try (InputStream err = c.getErrorStream()) {
            assertThat(new String(err.readAllBytes(), StandardCharsets.US_ASCII))
                    .contains("AccessDenied");
        }
        c.disconnect();
    }
}
