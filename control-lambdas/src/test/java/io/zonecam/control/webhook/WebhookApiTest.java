package io.zonecam.control.webhook;

import static io.zonecam.control.support.Fixtures.withKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.zonecam.control.support.ApiTest;
import io.zonecam.control.support.Fixtures;
import io.zonecam.control.support.Fixtures.Org;
import io.zonecam.control.support.TestEnvironment;
import io.zonecam.control.support.WebhookReceiver;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Webhooks through the API: the secret shown once and stored encrypted, pings signed and logged, URLs that would
 * reach internal addresses refused (server-side request forgery), and another organization's webhooks invisible.
 */
@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
class WebhookApiTest extends ApiTest {

    Org org;

    @BeforeEach
    void setUp() {
        org = Fixtures.organization();
    }

    @Test
    void shouldShowTheSecretOnlyAtCreationAndStoreItEncrypted() {
        JsonPath created = Webhooks.create(org, "http://127.0.0.1:9/hooks", "camera.offline", "camera.reported");
        String id = created.getString("id");
        String secret = created.getString("secret");
        assertThat(secret).startsWith("whsec_").hasSizeGreaterThan(40);
        assertThat(created.getList("eventTypes")).containsExactly("camera.offline", "camera.reported");
        assertThat(created.getBoolean("enabled")).isTrue();

        Map<String, Object> listed = Webhooks.listed(org, id);
        assertThat(listed).doesNotContainKey("secret").containsEntry("description", "test receiver");
        assertThat(TestEnvironment.number("select count(*) from webhooks where id = '" + id
                        + "' and position(convert_to('" + secret + "', 'UTF8') in secret_encrypted) > 0"))
                .as("rows holding the secret in plain")
                .isZero();
        assertThat(TestEnvironment.number("select count(*) from webhooks where id = '" + id + "'"))
                .isEqualTo(1);
    }

    @Test
    void shouldSignPingsAndLogTheirDelivery() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            JsonPath created = Webhooks.create(org, receiver.url(), "camera.online");
            receiver.secret(created.getString("secret"));
            String ping = Webhooks.ping(org, created.getString("id"));

            Map<String, Object> delivery = Webhooks.awaitDelivery(org, created.getString("id"), ping, "delivered");
            assertThat(delivery).containsEntry("eventType", "webhook.ping").containsEntry("attempts", 1);
            assertThat(receiver.received()).singleElement().satisfies(r -> {
                assertThat(r.signatureValid()).isTrue();
                assertThat(r.eventId()).isEqualTo(ping);
                assertThat(JsonPath.from(r.body()).getString("data.webhookId")).isEqualTo(created.getString("id"));
            });
        }
    }

    @Test
    void shouldRefuseUrlsThatReachInternalAddresses() {
        for (String url : List.of(
                "https://10.0.0.1/hooks",
                "https://169.254.169.254/latest/meta-data/",
                "https://192.168.1.20/",
                "https://172.16.0.1/",
                "https://100.64.0.1/",
                "https://0.0.0.0/",
                "https://[fd00::1]/",
                "https://[fe80::1]/",
                "https://[::ffff:10.0.0.1]/",
                "https://[64:ff9b::a9fe:a9fe]/")) {
            withKey(org.ownerKey())
                    .body(Map.of("url", url, "eventTypes", List.of("camera.online")))
                    .post("/v1/webhooks")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", equalTo("url"))
                    .body("detail", containsString("public addresses"));
        }
        for (String url : List.of("http://8.8.8.8/hooks", "ftp://8.8.8.8/", "https://user:pw@8.8.8.8/", "not a url")) {
            withKey(org.ownerKey())
                    .body(Map.of("url", url, "eventTypes", List.of("camera.online")))
                    .post("/v1/webhooks")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
        }
        assertThat(Webhooks.list(org)).isEmpty();
    }

    @Test
    void shouldRefuseBadBodies() {
        withKey(org.ownerKey())
                .body(Map.of("url", "http://127.0.0.1:9/", "eventTypes", List.of()))
                .post("/v1/webhooks")
                .then()
                .statusCode(400);
        withKey(org.ownerKey())
                .body(Map.of("url", "http://127.0.0.1:9/", "eventTypes", List.of("camera.exploded")))
                .post("/v1/webhooks")
                .then()
                .statusCode(400);
        withKey(org.ownerKey()).get("/v1/webhooks/not-a-uuid/deliveries").then().statusCode(400);
    }

    @Test
    void shouldHideOneOrganizationsWebhooksFromAnother() {
        String id = Webhooks.create(org, "http://127.0.0.1:9/hooks", "camera.online")
                .getString("id");
        Org other = Fixtures.organization();

        withKey(other.ownerKey()).post("/v1/webhooks/" + id + "/ping").then().statusCode(404);
        withKey(other.ownerKey())
                .get("/v1/webhooks/" + id + "/deliveries")
                .then()
                .statusCode(404);
        withKey(other.ownerKey()).delete("/v1/webhooks/" + id).then().statusCode(404);
        assertThat(Webhooks.list(other)).isEmpty();

        withKey(org.ownerKey()).delete("/v1/webhooks/" + id).then().statusCode(204);
        withKey(org.ownerKey()).post("/v1/webhooks/" + id + "/ping").then().statusCode(404);
    }
}
