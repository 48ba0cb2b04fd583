package io.zonecam.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.zonecam.node.support.Await;
import io.zonecam.node.support.SlowClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pump reads from the store only as fast as the client takes, cuts a client that takes nothing for the stall
 * timeout, and delivers every byte to one that reads; a real Vert.x server and a real socket client, no Quarkus.
 */
class ResponsePumpTest {

    static final int SIZE = 10 << 20;
    static final Duration STALL = Duration.ofSeconds(2);

    Vertx vertx;
    HttpServer server;
    final AtomicLong read = new AtomicLong();
    final AtomicInteger done = new AtomicInteger();
    final AtomicInteger closedStreams = new AtomicInteger();
    byte[] content;

    @BeforeEach
    void serve() throws Exception {
        content = new byte[SIZE];
        new Random(7).nextBytes(content);
        vertx = Vertx.vertx();
        // A small send buffer, as SendBufferForTests explains: the kernel must not swallow the whole body.
        server = vertx.createHttpServer(new HttpServerOptions().setSendBufferSize(16 * 1024))
                .requestHandler(request -> {
                    request.response().putHeader("Content-Length", Integer.toString(SIZE));
                    new ResponsePump(vertx, counted(content), request.response(), SIZE, STALL, done::incrementAndGet)
                            .start();
                })
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldReadOnlyAsFastAsAStalledClientTakesAndCutItAfterTheStallTimeout() throws Exception {
        try (SlowClient client = new SlowClient(server.actualPort(), "/")) {
            assertThat(client.status()).isEqualTo(200);
            Await.until(STALL.multipliedBy(5), "the stalled download is cut", () -> done.get() == 1);
            // While the client took nothing for the stall timeout, the store was read about as far as the socket
            // buffers and the write queue hold, not the 10 MiB there were.
            assertThat(read.get()).isLessThan(2L << 20);
            assertThat(client.readBody()).isLessThan(SIZE);
            Await.until(Duration.ofSeconds(5), "the store stream is closed", () -> closedStreams.get() == 1);
        }
    }

    @Test
    void shouldDeliverEveryByteToAClientThatReads() throws Exception {
        try (SlowClient client = new SlowClient(server.actualPort(), "/")) {
            assertThat(client.contentLength()).isEqualTo(SIZE);
            ByteArrayOutputStream body = new ByteArrayOutputStream(SIZE);
            assertThat(client.readBody(body)).isEqualTo(SIZE);
            assertThat(body.toByteArray()).isEqualTo(content);
        }
        Await.until(Duration.ofSeconds(5), "the pump ended once", () -> done.get() == 1 && closedStreams.get() == 1);
        assertThat(read.get()).isEqualTo(SIZE);
    }

    /** The content as a store stream that counts what is read and whether it was closed. */
    private InputStream counted(byte[] bytes) {
        return new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    read.addAndGet(n);
                }
                return n;
            }

            @Override
            public void close() throws IOException {
                closedStreams.incrementAndGet();
                super.close();
            }
        };
    }
}
