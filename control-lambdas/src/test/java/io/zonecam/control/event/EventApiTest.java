package io.zonecam.control.event;

import static io.zonecam.control.support.Answers.ok;
import static io.zonecam.control.support.Fixtures.asNode;
import static io.zonecam.control.support.Fixtures.withKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.zonecam.control.support.Fixtures;
import io.zonecam.control.support.Fixtures.Org;
import io.zonecam.control.support.TestEnvironment;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Camera events: derived from heartbeats (online, offline), drains and node deaths (moved, offline), reported by
 * cameras through their node (rate-limited per camera), searched by camera, type and time with a cursor, walled by
 * organization.
 */
@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
class EventApiTest extends EventTestBase {

    @Test
    void shouldRecordOnlineAndOfflineFromHeartbeatsOncePerChange() {
        String second = Fixtures.camera(org).getString("camera.id");
        Fixtures.heartbeat(zone, node, Fixtures.online(camera, second));
        Fixtures.heartbeat(zone, node, Fixtures.online(camera, second));
        Fixtures.heartbeat(zone, node, Fixtures.online(camera));

        List<Map<String, Object>> events = events(Map.of()).getList("items");
        assertThat(events)
                .extracting(e -> e.get("type") + " " + e.get("cameraId"))
                .containsExactlyInAnyOrder(
                        "camera.online " + camera,
                        "camera.online " + second,
                        "camera.offline " + second,
                        "recording.gap.begun " + second);
        Map<String, Object> offline = events(Map.of("type", "camera.offline")).getMap("items[0]");
        assertThat(offline).containsEntry("version", 1).containsEntry("organizationId", org.id());
        assertThat((Map<String, Object>) offline.get("data"))
                .containsEntry("reason", "left-node")
                .containsEntry("nodeId", node);
    }

    @Test
    void shouldRecordMovesOfADrainAndTheOfflineAndMovesOfADeadNode() {
        String other = Fixtures.node(zone, "n-" + Fixtures.unique(), 100);
        String onNode = assignedNode(camera);
        String witness = onNode.equals(node) ? other : node;
        Fixtures.heartbeat(zone, onNode, Fixtures.online(camera));
        Fixtures.letDie(zone, onNode, witness, Fixtures.load(0));

        Map<String, Object> offline = events(Map.of("type", "camera.offline")).getMap("items[0]");
        assertThat((Map<String, Object>) offline.get("data")).containsEntry("reason", "node-dead");
        Map<String, Object> moved = events(Map.of("type", "camera.moved")).getMap("items[0]");
        assertThat((Map<String, Object>) moved.get("data"))
                .containsEntry("reason", "node-dead")
                .containsEntry("fromNodeId", onNode)
                .containsEntry("toNodeId", witness);

        String third = Fixtures.node(zone, "n-" + Fixtures.unique(), 100);
        Fixtures.asOperator().post("/v1/nodes/" + witness + "/drain").then().statusCode(202);
        Map<String, Object> drained = events(Map.of("type", "camera.moved")).getMap("items[0]");
        assertThat((Map<String, Object>) drained.get("data"))
                .containsEntry("reason", "drain")
                .containsEntry("fromNodeId", witness)
                .containsEntry("toNodeId", third);
    }

    @Test
    void shouldPageNewestFirstAndFilterByTypeAndTime() {
        Instant base = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        List<Map<String, Object>> reports = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            reports.add(Map.of(
                    "cameraId",
                    camera,
                    "kind",
                    i % 2 == 0 ? "motion" : "sound",
                    "occurredAt",
                    base.plusSeconds(i).toString()));
        }
        report(reports).body("accepted", equalTo(7));
        Fixtures.heartbeat(zone, node, Fixtures.online(camera));

        List<String> times = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Map<String, Object> q = new HashMap<>(Map.of("type", "camera.reported", "cameraId", camera, "limit", "3"));
            if (cursor != null) {
                q.put("cursor", cursor);
            }
            JsonPath page = events(q);
            times.addAll(page.getList("items.occurredAt", String.class));
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        assertThat(times).hasSize(7).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(times.get(6)).isEqualTo(base.toString());

        JsonPath window = events(Map.of(
                "from",
                base.plusSeconds(2).toString(),
                "to",
                base.plusSeconds(4).toString(),
                "type",
                "camera.reported"));
        assertThat(window.getList("items.data.kind", String.class)).containsExactly("sound", "motion");
        assertThat(events(Map.of("type", "camera.online")).getList("items")).hasSize(1);
    }

    @Test
    void shouldWallEventsByOrganization() {
        Fixtures.heartbeat(zone, node, Fixtures.online(camera));
        Org other = Fixtures.organization();

        withKey(other.ownerKey())
                .queryParam("cameraId", camera)
                .get("/v1/events")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        assertThat(ok(withKey(other.ownerKey()).get("/v1/events")).getList("items"))
                .isEmpty();
        assertThat(events(Map.of()).getList("items")).hasSize(1);
    }

    @Test
    void shouldRefuseBadSearches() {
        for (Map<String, String> q : List.of(
                Map.of("type", "camera.exploded"),
                Map.of("from", "yesterday"),
                Map.of("from", "1999-12-31T23:59:59Z"),
                Map.of("from", "2026-01-02T00:00:00Z", "to", "2026-01-01T00:00:00Z"),
                Map.of("limit", "0"),
                Map.of("limit", "abc"),
                Map.of("cursor", "garbage!"),
                Map.of("cameraId", "nope"))) {
            withKey(org.ownerKey())
                    .queryParams(q)
                    .get("/v1/events")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
        }
    }

    @Test
    void shouldRecordACameraEventRelayedByAnyNodeOfTheZone() {
        // Nodes share the subscription to the cameras' events: the relaying node is rarely the camera's.
        String relay = Fixtures.node(zone, "n-" + Fixtures.unique(), 100);
        assertThat(assignedNode(camera)).isNotEqualTo(relay);
        String at = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        asNode(zone.nodeKey())
                .body(Map.of("reports", List.of(Map.of("cameraId", camera, "kind", "sound", "occurredAt", at))))
                .post("/v1/nodes/" + relay + "/events")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(1))
                .body("unknownCamera", equalTo(0));
        Map<String, Object> e = events(Map.of("type", "camera.reported")).getMap("items[0]");
        assertThat(e).containsEntry("cameraId", camera);
        assertThat((Map<String, Object>) e.get("data"))
                .containsEntry("kind", "sound")
                .containsEntry("nodeId", relay);
    }

    @Test
    void shouldRecordAResentReportOnce() {
        String id = java.util.UUID.randomUUID().toString();
        String at = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        List<Map<String, Object>> batch =
                List.of(Map.of("id", id, "cameraId", camera, "kind", "motion", "occurredAt", at));
        // The node sent it, the answer was lost, and it sends the same batch again.
        report(batch).body("accepted", equalTo(1)).body("unknownCamera", equalTo(0));
        report(batch).body("accepted", equalTo(1)).body("unknownCamera", equalTo(0));

        List<Map<String, Object>> items =
                events(Map.of("type", "camera.reported")).getList("items");
        assertThat(items).singleElement().satisfies(e -> assertThat(e).containsEntry("id", id));
    }

    @Test
    void shouldRateLimitReportsPerCameraAndIgnoreUnknownCameras() {
        String elsewhere = java.util.UUID.randomUUID().toString();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<Map<String, Object>> flood = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            flood.add(Map.of(
                    "cameraId", camera, "kind", "tamper", "occurredAt", now.toString(), "snapshotAt", now.toString()));
        }
        flood.add(Map.of("cameraId", elsewhere, "kind", "motion", "occurredAt", now.toString()));
        double refusedBefore = refusedCounter();

        report(flood)
                .body("accepted", equalTo(30))
                .body("rateLimited", equalTo(10))
                .body("unknownCamera", equalTo(1));
        assertThat(refusedCounter() - refusedBefore).isEqualTo(10);
        Map<String, Object> first =
                events(Map.of("type", "camera.reported", "limit", "1")).getMap("items[0]");
        JsonPath page = events(Map.of("type", "camera.reported", "limit", "10"));
        assertThat(page.getList("items")).hasSize(10);
        assertThat(page.getString("nextCursor")).isNotNull();
        assertThat((Map<String, Object>) first.get("data"))
                .containsEntry("kind", "tamper")
                .containsEntry("snapshotAt", now.toString())
                .containsEntry("nodeId", node);

        asNode(zone.nodeKey())
                .body(Map.of(
                        "reports",
                        List.of(Map.of(
                                "cameraId",
                                camera,
                                "kind",
                                "motion",
                                "occurredAt",
                                now.minus(8, ChronoUnit.DAYS).toString()))))
                .post("/v1/nodes/" + node + "/events")
                .then()
                .statusCode(400);
        asNode(Fixtures.zone(org.region(), 10).nodeKey())
                .body(Map.of(
                        "reports", List.of(Map.of("cameraId", camera, "kind", "motion", "occurredAt", now.toString()))))
                .post("/v1/nodes/" + node + "/events")
                .then()
                .statusCode(404);
        withKey(org.ownerKey())
                .body(Map.of(
                        "reports", List.of(Map.of("cameraId", camera, "kind", "motion", "occurredAt", now.toString()))))
                .post("/v1/nodes/" + node + "/events")
                .then()
                .statusCode(403);
    }

    private io.restassured.response.ValidatableResponse report(List<Map<String, Object>> reports) {
        return asNode(zone.nodeKey())
                .body(Map.of("reports", reports))
                .post("/v1/nodes/" + node + "/events")
                .then()
                .statusCode(200);
    }

    private String assignedNode(String cameraId) {
        return ok(withKey(org.ownerKey()).get("/v1/cameras/" + cameraId + "/assignment"))
                .get("nodeId");
    }

    private static double refusedCounter() {
        String metrics = io.restassured.RestAssured.given().get("/q/metrics").asString();
        return metrics.lines()
                .filter(l -> l.startsWith("zonecam_events_reports_refused_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }
}
