package io.zonecam.control.event;

import static io.zonecam.control.support.Fixtures.asNode;
import static io.zonecam.control.support.Fixtures.withKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.zonecam.control.support.Fixtures;
import io.zonecam.control.support.TestEnvironment;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Device-bus presence events (from the bus states nodes pass on in heartbeats) and recording gaps (begun and ended
 * by the fleet's statements for disconnects and dead nodes, and by node reports for recorder failures), against the
 * real PostgreSQL.
 */
@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
class GapAndBusEventTest extends EventTestBase {

    @Test
    void shouldRecordBusPresenceChangesOnceWithTheNodeThatHeardThem() {
        String hearer = Fixtures.node(zone, "n-" + Fixtures.unique(), 100);
        Instant t0 = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.MILLIS);
        String url = "rtsp://node.example:8554/live/" + camera;
        Fixtures.heartbeat(zone, hearer, bus(bus("disconnected", null, t0.minusSeconds(5))));
        Fixtures.heartbeat(zone, hearer, bus(bus("connected", url, t0)));
        Fixtures.heartbeat(zone, hearer, bus(bus("connected", url, t0)));
        Fixtures.heartbeat(zone, node, bus(bus("connected", url, t0.plusSeconds(2))));
        Fixtures.heartbeat(zone, node, bus(bus("disconnected", null, t0.plusSeconds(9))));
        Fixtures.heartbeat(zone, hearer, bus(bus("connected", url, t0.plusSeconds(4)))); // late: ignored
        Fixtures.heartbeat(zone, hearer, bus(bus("disconnected", null, t0.plusSeconds(10))));

        List<Map<String, Object>> items = events(Map.of("cameraId", camera)).getList("items");
        assertThat(items)
                .extracting(e -> e.get("type") + " " + e.get("occurredAt"))
                .as("a disconnect never preceded by a connect, repeats and late reports record nothing")
                .containsExactly("camera.bus.offline " + t0.plusSeconds(9), "camera.bus.online " + t0);
        assertThat(data(items.get(1))).containsEntry("nodeId", hearer).containsEntry("publishingTo", url);
        assertThat(data(items.get(0))).containsEntry("nodeId", node).doesNotContainKey("publishingTo");
        withKey(org.ownerKey()).get("/v1/cameras/" + camera).then().body("bus.state", equalTo("disconnected"));
    }

    @Test
    void shouldBeginAGapWhenTheCameraStopsPublishingAndEndItWhenItPublishesAgain() {
        Fixtures.heartbeat(zone, node, Fixtures.online(camera));
        Fixtures.heartbeat(zone, node, Fixtures.online());
        Fixtures.heartbeat(zone, node, Fixtures.online());
        assertThat(gaps()).extracting(e -> e.get("type")).containsExactly("recording.gap.begun");
        Map<String, Object> begun = gaps().get(0);
        assertThat(data(begun)).containsEntry("reason", "camera-disconnected").containsEntry("nodeId", node);

        Fixtures.heartbeat(zone, node, Fixtures.online(camera));
        List<Map<String, Object>> gaps = gaps();
        assertThat(gaps).extracting(e -> e.get("type")).containsExactly("recording.gap.ended", "recording.gap.begun");
        assertThat(data(gaps.get(0))).containsEntry("reason", "camera-disconnected");
        assertThat(Instant.parse((String) data(gaps.get(0)).get("since")))
                .isEqualTo(Instant.parse((String) begun.get("occurredAt")));
    }

    @Test
    void shouldBeginANodeLostGapWhenItsNodeIsDeclaredDeadAndEndItOnTheNextNode() {
        String witness = Fixtures.node(zone, "n-" + Fixtures.unique(), 100);
        Fixtures.heartbeat(zone, node, Fixtures.online(camera));
        Fixtures.letDie(zone, node, witness, Fixtures.load(0));
        assertThat(gaps()).hasSize(1);
        assertThat(data(gaps().get(0))).containsEntry("reason", "node-lost").containsEntry("nodeId", node);

        Fixtures.heartbeat(zone, witness, Fixtures.online(camera));
        List<Map<String, Object>> gaps = gaps();
        assertThat(gaps).extracting(e -> e.get("type")).containsExactly("recording.gap.ended", "recording.gap.begun");
        assertThat(data(gaps.get(0))).containsEntry("reason", "node-lost").containsEntry("nodeId", witness);
    }

    @Test
    void shouldTakeRecorderFailuresFromTheNodeOnceAndEndThemOnlyWhenItSaysSo() {
        Instant t0 = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
        Fixtures.heartbeat(zone, node, Fixtures.online(camera));
        report(recorder("recording-failed", t0, "disk-full"), recorder("recording-failed", t0.plusSeconds(1), null))
                .body("accepted", equalTo(2))
                .body("unknownCamera", equalTo(0));
        Fixtures.heartbeat(zone, node, Fixtures.online(camera)); // ingest goes on: the gap stays open
        assertThat(gaps()).hasSize(1);
        Map<String, Object> begun = gaps().get(0);
        assertThat(begun.get("occurredAt")).isEqualTo(t0.toString());
        assertThat(data(begun)).containsEntry("reason", "recording-failed").containsEntry("detail", "disk-full");

        report(
                recorder("recording-resumed", t0.plusSeconds(20), null),
                recorder("recording-resumed", t0.plusSeconds(21), null));
        List<Map<String, Object>> gaps = gaps();
        assertThat(gaps)
                .extracting(e -> e.get("type") + " " + e.get("occurredAt"))
                .containsExactly("recording.gap.ended " + t0.plusSeconds(20), "recording.gap.begun " + t0);
        assertThat(data(gaps.get(0))).containsEntry("reason", "recording-failed");
        assertThat(Instant.parse((String) data(gaps.get(0)).get("since"))).isEqualTo(t0);

        // Failing again, the camera's heartbeat says it left before the node's end of the failure arrives.
        report(recorder("recording-failed", t0.plusSeconds(30), "spool-failed"));
        Fixtures.heartbeat(zone, node, Fixtures.online());
        report(recorder("recording-resumed", t0.plusSeconds(40), null));
        assertThat(gaps().stream()
                        .filter(e ->
                                e.get("occurredAt").equals(t0.plusSeconds(40).toString()))
                        .map(e -> e.get("type") + " " + data(e).get("reason")))
                .as("the failure ends and a disconnect gap takes over at the same instant, never two gaps open")
                .containsExactlyInAnyOrder(
                        "recording.gap.ended recording-failed", "recording.gap.begun camera-disconnected");
        assertThat(gaps()).hasSize(5);
    }

    @Test
    void shouldApplyABatchResentAfterALostAnswerOnce() {
        Instant t0 = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
        Fixtures.heartbeat(zone, node, Fixtures.online(camera));
        Map<String, Object> failed = recorder("recording-failed", t0, "disk-full");
        Map<String, Object> resumed = recorder("recording-resumed", t0.plusSeconds(5), null);
        failed.put("id", java.util.UUID.randomUUID().toString());
        resumed.put("id", java.util.UUID.randomUUID().toString());
        report(failed, resumed);
        report(failed, resumed);
        assertThat(gaps())
                .extracting(e -> e.get("type") + " " + e.get("id"))
                .containsExactly("recording.gap.ended " + resumed.get("id"), "recording.gap.begun " + failed.get("id"));
    }

    @Test
    void shouldIgnoreRecorderReportsOfCamerasOfOtherNodesAndRefuseBadOnes() {
        report(Map.of(
                        "cameraId",
                        java.util.UUID.randomUUID().toString(),
                        "kind",
                        "recording-failed",
                        "occurredAt",
                        Instant.now().toString()))
                .body("accepted", equalTo(0))
                .body("unknownCamera", equalTo(1));
        for (Map<String, Object> bad : List.of(
                recorder("recording-exploded", Instant.now(), null),
                recorder("recording-failed", Instant.now(), "Disk Full!"))) {
            asNode(zone.nodeKey())
                    .body(Map.of("reports", List.of(bad)))
                    .post("/v1/nodes/" + node + "/events")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
        }
        assertThat(gaps()).isEmpty();
    }

    private Map<String, Object> bus(Map<String, Object> state) {
        Map<String, Object> body = new HashMap<>(Fixtures.load(0));
        body.put("busStates", List.of(state));
        return body;
    }

    private Map<String, Object> bus(String state, String publishingTo, Instant at) {
        Map<String, Object> s = new HashMap<>();
        s.put("cameraId", camera);
        s.put("state", state);
        s.put("publishingTo", publishingTo);
        s.put("reportedAt", at.toString());
        return s;
    }

    private Map<String, Object> recorder(String kind, Instant at, String detail) {
        Map<String, Object> r = new HashMap<>(Map.of("cameraId", camera, "kind", kind, "occurredAt", at.toString()));
        if (detail != null) {
            r.put("detail", detail);
        }
        return r;
    }

    @SafeVarargs
    private io.restassured.response.ValidatableResponse report(Map<String, Object>... reports) {
        return asNode(zone.nodeKey())
                .body(Map.of("reports", List.of(reports)))
                .post("/v1/nodes/" + node + "/events")
                .then()
                .statusCode(200);
    }

    private List<Map<String, Object>> gaps() {
        List<Map<String, Object>> all = events(Map.of("cameraId", camera)).getList("items");
        return all.stream()
                .filter(e -> ((String) e.get("type")).startsWith("recording.gap."))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(Map<String, Object> event) {
        return (Map<String, Object>) event.get("data");
    }
}
