package io.zonecam.control.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * WebhookReceiver is a real HTTP server on loopback that receives webhook deliveries and verifies each signature on
 * its own, as a customer's receiver would: HMAC-SHA256 of {@code t + "." + body} with the secret, compared in constant
 * time, and {@code t} within 5 minutes of its clock. What it answers is up to the test ({@link #answer}).
 */
public final class WebhookReceiver implements AutoCloseable {

    /** A request as received: event id header, body, whether its signature verified, when it arrived. */
    public record Received(
            String eventId, String body, boolean signatureValid, long arrivedNanos, long arrivedMillis) {}

    /** What to answer to the n-th request (0-based): a status and optionally a body size, or a blocking action. */
    public interface Answer {
        int status(int n) throws InterruptedException;

        default int bodyBytes(int n) {
            return 0;
        }

        default String location() {
            return null;
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger abortedWrites = new AtomicInteger();
    private volatile String secret;
    private volatile Answer answer = n -> 200;

    private WebhookReceiver(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                int n = requests.getAndIncrement();
                byte[] body = exchange.getRequestBody().readAllBytes();
                String signature = exchange.getRequestHeaders().getFirst("Zonecam-Signature");
                received.add(new Received(
                        exchange.getRequestHeaders().getFirst("Zonecam-Event-Id"),
                        new String(body, StandardCharsets.UTF_8),
                        verify(secret, signature, body),
                        System.nanoTime(),
                        System.currentTimeMillis()));
                int status;
                try {
                    status = answer.status(n);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (answer.location() != null) {
                    exchange.getResponseHeaders().add("Location", answer.location());
                }
                int size = answer.bodyBytes(n);
                exchange.sendResponseHeaders(status, size == 0 ? -1 : size);
                if (size > 0) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        byte[] chunk = new byte[8192];
                        for (int written = 0; written < size; written += chunk.length) {
                            out.write(chunk, 0, Math.min(chunk.length, size - written));
                        }
                    } catch (IOException e) {
                        abortedWrites.incrementAndGet(); // the client stopped reading and closed the connection
                    }
                }
            }
        });
        server.start();
    }

    /** A receiver on a free loopback port. */
    public static WebhookReceiver start() throws IOException {
        return new WebhookReceiver(0);
    }

    /** A receiver on a given port (to bring one back up where a webhook points). */
    public static WebhookReceiver start(int port) throws IOException {
        return new WebhookReceiver(port);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port() + "/hooks";
    }

    /** The secret the signatures are checked with (the one shown when the webhook was created). */
    public WebhookReceiver secret(String secret) {
        this.secret = secret;
        return this;
    }

    public WebhookReceiver answer(Answer answer) {
        this.answer = answer;
        return this;
    }

    /** Answers these statuses to the first requests, then 200. */
    public WebhookReceiver statuses(int... first) {
        return answer(n -> n < first.length ? first[n] : 200);
    }

    public List<Received> received() {
        return received;
    }

    public int requests() {
        return requests.get();
    }

    /** Responses whose body the client stopped reading before the end. */
    public int abortedWrites() {
        return abortedWrites.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** Independent verification of {@code Zonecam-Signature: t=<seconds>,v1=<hex>}, as the spec documents it. */
    static boolean verify(String secret, String header, byte[] body) {
        if (secret == null || header == null) {
            return false;
        }
        String t = null;
        String v1 = null;
        for (String part : header.split(",")) {
            String[] kv = part.split("=", 2);
            if (kv.length == 2 && kv[0].equals("t")) {
                t = kv[1];
            } else if (kv.length == 2 && kv[0].equals("v1")) {
                v1 = kv[1];
            }
        }
        if (t == null || v1 == null || Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(t)) > 300) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
            byte[] expected = mac.doFinal(body);
            return MessageDigest.isEqual(expected, HexFormat.of().parseHex(v1));
        } catch (Exception e) {
            return false;
        }
    }
}
