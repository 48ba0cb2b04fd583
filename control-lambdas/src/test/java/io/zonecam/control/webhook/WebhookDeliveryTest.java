package io.zonecam.control.webhook;

import static io.zonecam.control.support.Answers.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PfxOptions;
import io.zonecam.control.support.ApiTest;
import io.zonecam.control.support.Fixtures;
import io.zonecam.control.support.Fixtures.Org;
import io.zonecam.control.support.Fixtures.TestZone;
import io.zonecam.control.support.TestEnvironment;
import io.zonecam.control.support.WebhookReceiver;
import io.zonecam.testing.Await;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Webhook deliveries reach a real local HTTP receiver that verifies their signatures on its own, through receivers
 * that are down, answer 500, redirect, answer too much, are slow, or speak no TLS (test settings: retries after
 * 0.1-0.5 s, 2 s per attempt, disabled after 5 failed attempts in a row).
 */
@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
class WebhookDeliveryTest extends ApiTest {

    @Inject
    Vertx vertx;

    Org org;
    WebhookReceiver receiver;

    @BeforeEach
    void setUp() throws Exception {
        org = Fixtures.organization();
        receiver = WebhookReceiver.start();
    }

    @AfterEach
    void tearDown() {
        receiver.close();
    }

    @Test
    void shouldDeliverAnEventSignedAsTheSpecSaysWithTheSameBodyTheApiLists() {
        TestZone zone = Fixtures.zone(org.region(), 100);
        String node = Fixtures.node(zone, "n-" + Fixtures.unique(), 100);
        String camera = Fixtures.camera(org).getString("camera.id");
        JsonPath hook = Webhooks.create(org, receiver.url(), "camera.online");
        receiver.secret(hook.getString("secret"));

        Fixtures.heartbeat(zone, node, Fixtures.online(camera));

        WebhookReceiver.Received got = Await.value(
                        "the camera.online delivery",
                        Duration.ofSeconds(10),
                        () -> receiver.received(),
                        r -> !r.isEmpty())
                .get(0);
        assertThat(got.signatureValid()).isTrue();
        JsonPath body = JsonPath.from(got.body());
        assertThat(body.getString("type")).isEqualTo("camera.online");
        assertThat(body.getString("cameraId")).isEqualTo(camera);
        assertThat(body.getString("data.nodeId")).isEqualTo(node);
        assertThat(got.eventId()).isEqualTo(body.getString("id"));
        Map<String, Object> listed = ok(Fixtures.withKey(org.ownerKey())
                        .queryParam("cameraId", camera)
                        .get("/v1/events"))
                .getMap("items[0]");
        assertThat(body.getMap("")).isEqualTo(listed);
        Map<String, Object> delivery =
                Webhooks.awaitDelivery(org, hook.getString("id"), body.getString("id"), "delivered");
        assertThat(delivery).containsEntry("attempts", 1).containsEntry("lastStatus", 200);
    }

    @Test
    void shouldRetryWhileTheReceiverIsDownAndDeliverOnceItIsUp() throws Exception {
        int port = receiver.port();
        receiver.close();
        JsonPath hook = Webhooks.create(org, "http://127.0.0.1:" + port + "/hooks", "camera.online");
        String ping = Webhooks.ping(org, hook.getString("id"));

        Map<String, Object> failing = Webhooks.awaitFirstAttempt(org, hook.getString("id"));
        assertThat(failing).containsEntry("state", "pending");
        assertThat((String) failing.get("lastError")).isNotBlank();

        receiver = WebhookReceiver.start(port).secret(hook.getString("secret"));
        Map<String, Object> delivered = Webhooks.awaitDelivery(org, hook.getString("id"), ping, "delivered");
        assertThat((Integer) delivered.get("attempts")).isGreaterThanOrEqualTo(2);
        assertThat(receiver.received()).first().satisfies(r -> {
            assertThat(r.signatureValid()).isTrue();
            assertThat(r.eventId()).isEqualTo(ping);
        });
    }

    @Test
    void shouldRetryAfter500sWithAFreshSignatureEachTime() {
        receiver.statuses(500, 503);
        JsonPath hook = Webhooks.create(org, receiver.url(), "camera.online");
        receiver.secret(hook.getString("secret"));
        String ping = Webhooks.ping(org, hook.getString("id"));

        Map<String, Object> delivered = Webhooks.awaitDelivery(org, hook.getString("id"), ping, "delivered");
        assertThat(delivered).containsEntry("attempts", 3).containsEntry("lastStatus", 200);
        assertThat(receiver.received()).hasSize(3).allSatisfy(r -> {
            assertThat(r.signatureValid()).isTrue();
            assertThat(r.eventId()).isEqualTo(ping);
        });
        assertThat(Webhooks.listed(org, hook.getString("id"))).containsEntry("enabled", true);
    }

    @Test
    void shouldDisableAWebhookWhoseReceiverKeepsFailingAndSayWhy() {
        receiver.answer(n -> 500);
        JsonPath hook = Webhooks.create(org, receiver.url(), "camera.online");
        String id = hook.getString("id");
        String ping = Webhooks.ping(org, id);

        Map<String, Object> webhook = Await.value(
                "the webhook disabled",
                Duration.ofSeconds(20),
                () -> Webhooks.listed(org, id),
                w -> Boolean.FALSE.equals(w.get("enabled")));
        assertThat((String) webhook.get("disabledReason")).contains("5 delivery attempts in a row failed");
        Map<String, Object> failed = Webhooks.awaitDelivery(org, id, ping, "failed");
        assertThat(failed).containsEntry("lastStatus", 500);
        assertThat(receiver.requests()).isEqualTo(5);
    }

    @Test
    void shouldGiveUpAFailingWebhooksBacklogWithoutADeadlock() {
        // Several failed attempts of one webhook finish at once and one of them disables it, giving up the others'
        // deliveries: each transaction must take the webhook's row before any delivery's (DeliveryRepository), or
        // PostgreSQL breaks a deadlock by aborting one and the outcome of an attempt is lost until its lock expires.
        receiver.answer(n -> 500);
        JsonPath hook = Webhooks.create(org, receiver.url(), "camera.online");
        String id = hook.getString("id");
        String deadlocks = "select deadlocks from pg_stat_database where datname = current_database()";
        long deadlocksBefore = TestEnvironment.number(deadlocks);
        TestEnvironment.sql("insert into webhook_deliveries (id, webhook_id, organization_id, event_type, ping_body, "
                + "state, attempts, next_attempt_at, created_at) select gen_random_uuid(), '" + id + "', '" + org.id()
                + "', 'webhook.ping', '{\"n\":' || g || '}', 'pending', 0, now(), now() "
                + "from generate_series(1, 40) g");

        Await.until(
                "every delivery of the disabled webhook given up",
                Duration.ofSeconds(30),
                () -> TestEnvironment.number("select count(*) from webhook_deliveries where webhook_id = '" + id
                                + "' and state = 'failed'")
                        == 40);
        assertThat(Webhooks.listed(org, id)).containsEntry("enabled", false);
        assertThat(TestEnvironment.number(deadlocks))
                .as("deadlocks PostgreSQL detected while the backlog was given up")
                .isEqualTo(deadlocksBefore);
    }

    @Test
    void shouldNotFollowRedirects() throws Exception {
        try (WebhookReceiver elsewhere = WebhookReceiver.start()) {
            String target = elsewhere.url();
            receiver.answer(new WebhookReceiver.Answer() {
                @Override
                public int status(int n) {
                    return 302;
                }

                @Override
                public String location() {
                    return target;
                }
            });
            JsonPath hook = Webhooks.create(org, receiver.url(), "camera.online");
            Webhooks.ping(org, hook.getString("id"));
            Map<String, Object> attempt = Webhooks.awaitFirstAttempt(org, hook.getString("id"));
            assertThat(attempt).containsEntry("lastStatus", 302);
            assertThat((String) attempt.get("lastError")).contains("redirects are not followed");
            assertThat(elsewhere.requests()).isZero();
        }
    }

    @Test
    void shouldReadOnlyTheStartOfAHugeAnswer() {
        receiver.answer(new WebhookReceiver.Answer() {
            @Override
            public int status(int n) {
                return 200;
            }

            @Override
            public int bodyBytes(int n) {
                return 64 * 1024 * 1024;
            }
        });
        JsonPath hook = Webhooks.create(org, receiver.url(), "camera.online");
        String ping = Webhooks.ping(org, hook.getString("id"));

        Webhooks.awaitDelivery(org, hook.getString("id"), ping, "delivered");
        Await.until("the receiver's write cut short", Duration.ofSeconds(10), () -> receiver.abortedWrites() == 1);
    }

    @Test
    void shouldCountATlsFailureAsAFailedAttempt() throws Exception {
        // A real TLS server whose certificate nobody trusts (self-signed, made by the JDK's keytool): the handshake
        // fails.
        java.nio.file.Path store = java.nio.file.Files.createTempFile("untrusted", ".p12");
        java.nio.file.Files.delete(store);
        Process keytool = new ProcessBuilder(
                        java.nio.file.Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "receiver",
                        "-keyalg",
                        "EC",
                        "-dname",
                        "CN=127.0.0.1",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        store.toString(),
                        "-storepass",
                        "changeit")
                .inheritIO()
                .start();
        assertThat(keytool.waitFor(30, TimeUnit.SECONDS) && keytool.exitValue() == 0)
                .isTrue();
        HttpServer tls = vertx.createHttpServer(new HttpServerOptions()
                        .setSsl(true)
                        .setKeyCertOptions(
                                new PfxOptions().setPath(store.toString()).setPassword("changeit")))
                .requestHandler(request -> request.response().end())
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        try {
            JsonPath hook = Webhooks.create(org, "https://127.0.0.1:" + tls.actualPort() + "/hooks", "camera.online");
            Webhooks.ping(org, hook.getString("id"));

            Map<String, Object> attempt = Webhooks.awaitFirstAttempt(org, hook.getString("id"));
            assertThat(attempt).containsEntry("state", "pending");
            assertThat((String) attempt.get("lastError")).startsWith("TLS error");
        } finally {
            tls.close();
            java.nio.file.Files.deleteIfExists(store);
        }
    }

    @Test
    void shouldDeliverToOtherOrganizationsPromptlyWhileOneReceiverHangs() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        receiver.answer(n -> release.await(30, TimeUnit.SECONDS) ? 200 : 200);
        JsonPath slowHook = Webhooks.create(org, receiver.url(), "camera.online");
        for (int i = 0; i < 10; i++) {
            Webhooks.ping(org, slowHook.getString("id"));
        }
        Await.until("the slow receiver holding requests", Duration.ofSeconds(10), () -> receiver.requests() >= 4);

        Org other = Fixtures.organization();
        try (WebhookReceiver fast = WebhookReceiver.start()) {
            JsonPath fastHook = Webhooks.create(other, fast.url(), "camera.online");
            fast.secret(fastHook.getString("secret"));
            long sent = System.nanoTime();
            Webhooks.ping(other, fastHook.getString("id"));
            WebhookReceiver.Received got = Await.value(
                            "the other organization's ping", Duration.ofSeconds(10), fast::received, r -> !r.isEmpty())
                    .get(0);
            long delayMillis = (got.arrivedNanos() - sent) / 1_000_000;
            assertThat(release.getCount())
                    .as("the slow receiver still holds its requests")
                    .isEqualTo(1);
            assertThat(delayMillis)
                    .as("delay of the other organization's delivery")
                    .isLessThan(1_500);
            assertThat(got.signatureValid()).isTrue();
        } finally {
            release.countDown();
        }
    }
}
