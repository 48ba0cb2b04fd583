package io.zonecam.control.webhook;

import static io.zonecam.control.support.Answers.accepted;
import static io.zonecam.control.support.Answers.created;
import static io.zonecam.control.support.Answers.ok;
import static io.zonecam.control.support.Fixtures.withKey;

import io.restassured.path.json.JsonPath;
import io.zonecam.control.support.Fixtures.Org;
import io.zonecam.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Webhooks are the webhook calls the tests make, through the public API. */
final class Webhooks {

    private Webhooks() {}

    /** Creates a webhook; returns the created body (with its secret). */
    static JsonPath create(Org org, String url, String... types) {
        return created(withKey(org.ownerKey())
                .body(Map.of("url", url, "eventTypes", List.of(types), "description", "test receiver"))
                .post("/v1/webhooks"));
    }

    static String ping(Org org, String webhookId) {
        return accepted(withKey(org.ownerKey()).post("/v1/webhooks/" + webhookId + "/ping"))
                .get("deliveryId");
    }

    static JsonPath deliveries(Org org, String webhookId) {
        return ok(withKey(org.ownerKey()).get("/v1/webhooks/" + webhookId + "/deliveries"));
    }

    /** The log entry of one delivery once it reaches {@code state}. */
    static Map<String, Object> awaitDelivery(Org org, String webhookId, String deliveryOrEventId, String state) {
        return Await.value(
                "delivery " + deliveryOrEventId + " " + state,
                Duration.ofSeconds(20),
                () -> deliveries(org, webhookId).<Map<String, Object>>getList("items").stream()
                        .filter(d ->
                                deliveryOrEventId.equals(d.get("id")) || deliveryOrEventId.equals(d.get("eventId")))
                        .findFirst()
                        .orElse(Map.of()),
                d -> state.equals(d.get("state")));
    }

    /** The newest delivery of the webhook once it has been attempted. */
    static Map<String, Object> awaitFirstAttempt(Org org, String webhookId) {
        return Await.value(
                "an attempt of the newest delivery",
                Duration.ofSeconds(10),
                () -> deliveries(org, webhookId).getMap("items[0]"),
                d -> ((Integer) d.get("attempts")) >= 1);
    }

    /** The organization's webhooks as listed. */
    static List<Map<String, Object>> list(Org org) {
        return ok(withKey(org.ownerKey()).get("/v1/webhooks")).getList("items");
    }

    /** The webhook as listed. */
    static Map<String, Object> listed(Org org, String webhookId) {
        return list(org).stream()
                .filter(w -> webhookId.equals(w.get("id")))
                .findFirst()
                .orElseThrow();
    }
}
