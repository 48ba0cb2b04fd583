package io.zonecam.recording.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A spool file that changes while the SDK retries one put (deleted, or cut shorter) fails that put with an
 * {@link IOException} naming the file, and nothing short is stored. The peer is a real HTTP server answering like S3:
 * its first answers are {@code 500 InternalError}, which the SDK retries, and the file changes before it answers.
 */
class S3ObjectStoreFileChangeTest {

    private static final String BUCKET = "recordings";
    private static final String KEY = "zones/z/r7/cam-1/2026/12/06/23/o.mp4";

    @TempDir
    Path tmp;

    private HttpServer server;
    private S3ObjectStore store;
    /** Bodies the server read whole, one per request (aborted requests are not here). */
    private final List<byte[]> received = new CopyOnWriteArrayList<>();
    /** Requests that began, aborted or not. */
    private final AtomicInteger requests = new AtomicInteger();
    /** The body of the one request answered 200, if any. */
    private final AtomicReference<byte[]> stored = new AtomicReference<>();
    /** How many more requests get a 500. */
    private final AtomicInteger failuresLeft = new AtomicInteger();
    /** Done to the file when a request arrives, before its body is read. */
    private volatile FileChange onRequest = () -> {};
    /** Done to the file after a failing request's body is read, before the 500 goes out. */
    private volatile FileChange beforeFailing = () -> {};

    interface FileChange {
        void apply() throws IOException;
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
        store = S3ObjectStore.create(new S3ObjectStore.Config(
                BUCKET,
                "us-east-1",
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                true,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test-key", "test-secret")),
                Duration.ofSeconds(20)));
    }

    @AfterEach
    void stop() {
        store.close();
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            onRequest.apply();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            } catch (IOException e) {
                return; // the client gave up mid-body
            }
            if (exchange.getRequestHeaders().getFirst("x-amz-content-sha256").startsWith("STREAMING-")) {
                body = awsChunkedPayload(body); // SigV4 over plain HTTP signs the body chunk by chunk
            }
            received.add(body);
            if (failuresLeft.getAndDecrement() > 0) {
                beforeFailing.apply();
                byte[] error = "<Error><Code>InternalError</Code><Message>try again</Message></Error>"
                        .getBytes(StandardCharsets.US_ASCII);
                exchange.sendResponseHeaders(500, error.length);
                exchange.getResponseBody().write(error);
                return;
            }
            stored.set(body);
            exchange.getResponseHeaders().add("ETag", "\"e1\"");
            exchange.sendResponseHeaders(200, -1);
        }
    }

    /** The payload of an {@code aws-chunked} body: chunks of {@code <hex size>;chunk-signature=<sig>\r\n<data>\r\n}. */
    private static byte[] awsChunkedPayload(byte[] body) {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        int pos = 0;
        while (true) {
            int lineEnd = pos;
            while (body[lineEnd] != '\r') {
                lineEnd++;
            }
            String header = new String(body, pos, lineEnd - pos, StandardCharsets.US_ASCII);
            int size = Integer.parseInt(header.split(";", 2)[0], 16);
            pos = lineEnd + 2;
            if (size == 0) {
                return payload.toByteArray();
            }
            payload.write(body, pos, size);
            pos += size + 2;
        }
    }

    private Path spoolFile(int size) throws IOException {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return Files.write(tmp.resolve("o.mp4"), bytes);
    }

    @Test
    void shouldSendTheWholeFileAgainOnARetry() throws Exception {
        Path file = spoolFile(3 * FileBody.READ_BUFFER + 5);
        failuresLeft.set(1);

        store.put(KEY, file, ObjectStore.MP4);

        assertThat(received).hasSize(2);
        assertThat(Arrays.equals(stored.get(), Files.readAllBytes(file)))
                .as("the second attempt stored the whole file")
                .isTrue();
    }

    @Test
    void shouldFailWithAnIOExceptionWhenTheFileIsDeletedBeforeARetry() throws Exception {
        Path file = spoolFile(3 * FileBody.READ_BUFFER + 5);
        failuresLeft.set(1);
        beforeFailing = () -> Files.delete(file);

        assertThatThrownBy(() -> store.put(KEY, file, ObjectStore.MP4))
                .isExactlyInstanceOf(IOException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("no longer exists");
        assertThat(stored.get()).isNull();
        assertThat(received).hasSize(1);
    }

    @Test
    void shouldFailWithAnIOExceptionAndStoreNothingWhenTheFileShrinksBeforeARetry() throws Exception {
        int size = 3 * FileBody.READ_BUFFER + 5;
        Path file = spoolFile(size);
        failuresLeft.set(1);
        beforeFailing = () -> truncate(file, 1000);

        assertThatThrownBy(() -> store.put(KEY, file, ObjectStore.MP4))
                .isExactlyInstanceOf(IOException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("1000 bytes")
                .hasMessageContaining(size + " bytes");
        assertThat(stored.get()).isNull();
        assertThat(Files.size(file))
                .as("the store leaves the spool file to the uploader")
                .isEqualTo(1000);
    }

    @Test
    void shouldFailWithAnIOExceptionAndStoreNothingWhenTheFileShrinksWhileItIsSent() throws Exception {
        // Far more than the socket buffers take before the server reads (send buffer 4 MiB at most here; the receive
        // window grows only as the server reads): the client is still reading the file when the server cuts it.
        int size = 32 * 1024 * 1024;
        Path file = spoolFile(size);
        onRequest = () -> truncate(file, 1000);

        assertThatThrownBy(() -> store.put(KEY, file, ObjectStore.MP4))
                .isExactlyInstanceOf(IOException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("ended after")
                .hasMessageContaining("of its " + size + " bytes while it was sent");
        assertThat(stored.get()).isNull();
        assertThat(received).isEmpty();
        assertThat(requests.get()).isPositive();
    }

    private static void truncate(Path file, long size) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
        }
    }
}
