package io.zonecam.node.playback;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.zonecam.contracts.token.TokenKind;
import io.zonecam.node.support.Await;
import io.zonecam.node.support.Ffmpeg;
import io.zonecam.node.support.Http;
import io.zonecam.node.support.NodeTestEnvironment;
import io.zonecam.node.support.NodeUnderTest;
import io.zonecam.node.support.RecordedCamera;
import io.zonecam.node.support.SlowClient;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Slow clients with valid tokens cannot starve a node: while more downloads than the node has worker threads wait
 * for clients that read nothing, playlists and WHEP offers are answered at once; a token beyond its limit of open
 * downloads gets 429; and every download completes once its client reads.
 */
@QuarkusTest
@QuarkusTestResource(NodeTestEnvironment.class)
@TestProfile(SlowDownloadsTest.SmallNode.class)
class SlowDownloadsTest {

    private static final Logger LOG = Logger.getLogger(SlowDownloadsTest.class);
    static final int WORKER_THREADS = 8;
    static final int SLOW_CLIENTS = 12;
    static final int STREAMS_PER_TOKEN = 2;

    /** A node with few worker threads (production has 200: 200 slow clients did it) and a small send buffer. */
    public static class SmallNode implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.thread-pool.max-threads", Integer.toString(WORKER_THREADS),
                    "zonecam.playback.max-streams-per-token", Integer.toString(STREAMS_PER_TOKEN),
                    "test.zonecam.http.send-buffer-bytes", "65536");
        }
    }

    @Inject
    NodeUnderTest node;

    @Test
    void shouldAnswerPlaybackAndWhepWhileSlowClientsHoldDownloads() throws Exception {
        RecordedCamera camera =
                node.record(UUID.randomUUID().toString(), (url, log) -> Ffmpeg.publishNoisy(url, 6, log));
        String base = "/hls/cameras/" + camera.id();
        Playlist playlist = Playlist.parse(new String(
                Http.get(base + "/index.m3u8?token=" + token(camera), null).body(), StandardCharsets.UTF_8));
        String object = base + "/" + playlist.segments().get(0).object() + "?token=";

        List<SlowClient> slow = new ArrayList<>();
        try {
            for (int i = 0; i < SLOW_CLIENTS; i++) {
                // Each its own valid token: the per-token limit is not what saves the node here.
                SlowClient c = new SlowClient(RestAssured.port, object + token(camera));
                assertThat(c.status()).isEqualTo(200);
                assertThat(c.contentLength()).as("a real camera's object").isGreaterThan(1_000_000);
                slow.add(c);
            }

            long start = System.nanoTime();
            assertThat(Http.get(base + "/index.m3u8?token=" + token(camera), null)
                            .statusCode())
                    .isEqualTo(200);
            long playlistMillis = (System.nanoTime() - start) / 1_000_000;
            start = System.nanoTime();
            HttpResponse<String> whep = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(
                                            "http://127.0.0.1:" + RestAssured.port + "/whep/cameras/" + camera.id()))
                                    .timeout(Duration.ofSeconds(10))
                                    .header("Authorization", "Bearer " + liveToken(camera))
                                    .header("Content-Type", "application/sdp")
                                    .POST(HttpRequest.BodyPublishers.ofString("v=0\r\n"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            long whepMillis = (System.nanoTime() - start) / 1_000_000;
            LOG.infof(
                    "%d downloads held by slow clients (%d worker threads): playlist in %d ms, WHEP offer in %d ms",
                    SLOW_CLIENTS, WORKER_THREADS, playlistMillis, whepMillis);
            assertThat(whep.statusCode()).as(whep.body()).isBetween(400, 499);
            assertThat(whep.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(playlistMillis).isLessThan(2000);
            assertThat(whepMillis).isLessThan(2000);

            // One token may hold only so many downloads at once.
            String shared = token(camera);
            for (int i = 0; i < STREAMS_PER_TOKEN; i++) {
                slow.add(new SlowClient(RestAssured.port, object + shared));
            }
            HttpResponse<byte[]> refused = Http.get(object + shared, null);
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");

            // Once they read, every download completes, and the token's places are free again.
            for (SlowClient c : slow) {
                assertThat(c.readBody()).isEqualTo(c.contentLength());
            }
            Await.until(Duration.ofSeconds(10), "the shared token may download again", () -> {
                try {
                    return Http.get(object + shared, "bytes=0-0").statusCode() == 206;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
        } finally {
            for (SlowClient c : slow) {
                c.close();
            }
        }
    }

    private static String token(RecordedCamera camera) {
        return URLEncoder.encode(
                NodeTestEnvironment.token(TokenKind.RECORDED, camera.id(), null, camera.from(), camera.to(), 600),
                StandardCharsets.US_ASCII);
    }

    private static String liveToken(RecordedCamera camera) {
        return NodeTestEnvironment.token(TokenKind.LIVE, camera.id(), null, null, null, 600);
    }
}
