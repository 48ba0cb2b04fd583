package io.zonecam.control.audit;

import static io.zonecam.control.support.Answers.created;
import static io.zonecam.control.support.Answers.ok;
import static io.zonecam.control.support.Fixtures.asNode;
import static io.zonecam.control.support.Fixtures.withKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.zonecam.control.support.CameraAndNodeTest;
import io.zonecam.control.support.Fixtures;
import io.zonecam.control.support.Fixtures.Org;
import io.zonecam.control.support.Fixtures.TestZone;
import io.zonecam.control.support.TestEnvironment;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The audit log: one entry per audited call, in the action's transaction, with actor, camera, range, token id and
 * client address; node access records stored once per id, under the camera's organization, dropped outside the
 * node's zone; searched and exported only within the caller's organization; bad filters are 400 problem+json.
 */
@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
class AuditApiTest extends CameraAndNodeTest {

    @Test
    void shouldRecordEachIssuanceOnceWithItsTokenId() {
        String live = issueLive();
        Instant from = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        Instant to = from.plus(10, ChronoUnit.MINUTES);
        String recorded = ok(withKey(org.ownerKey())
                        .body(Map.of("from", from.toString(), "to", to.toString()))
                        .contentType("application/json")
                        .post("/v1/cameras/" + camera + "/playback/recorded"))
                .get("token");
        withKey(org.ownerKey())
                .body(Map.of())
                .contentType("application/json")
                .post("/v1/cameras/" + camera + "/snapshots")
                .then()
                .statusCode(200);

        JsonPath page = entries(Map.of("cameraId", camera));
        List<String> actions = page.getList("items.action");
        assertThat(actions)
                .containsExactly(
                        "snapshot.issued", "playback.recorded.issued", "playback.live.issued", "camera.created");
        Map<String, Object> rec = page.getMap("items[1]");
        assertThat(rec)
                .containsEntry("tokenId", Audited.tokenIdOf(recorded).toString())
                .containsEntry("from", from.toString())
                .containsEntry("to", to.toString());
        assertThat((String) rec.get("actor")).startsWith("api-key:");
        assertThat((String) rec.get("clientAddress")).isNotBlank();
        assertThat(page.getString("items[2].tokenId"))
                .isEqualTo(Audited.tokenIdOf(live).toString());
        assertThat(page.getString("items[0].tokenId")).isNotNull();
    }

    @Test
    void shouldRecordShareLinksKeysAndCameraChanges() {
        Instant from = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        String share = created(withKey(org.ownerKey())
                        .contentType("application/json")
                        .body(Map.of(
                                "from",
                                from.toString(),
                                "to",
                                from.plusSeconds(60).toString(),
                                "expiresInSeconds",
                                3600))
                        .post("/v1/cameras/" + camera + "/shares"))
                .get("id");
        withKey(org.ownerKey()).delete("/v1/shares/" + share).then().statusCode(204);
        withKey(org.ownerKey())
                .contentType("application/json")
                .body(Map.of("retentionDays", 14))
                .patch("/v1/cameras/" + camera)
                .then()
                .statusCode(200);
        String key = created(withKey(org.ownerKey())
                        .contentType("application/json")
                        .body(Map.of("name", "auditor", "role", "viewer"))
                        .post("/v1/api-keys"))
                .get("id");
        withKey(org.ownerKey()).delete("/v1/api-keys/" + key).then().statusCode(204);
        withKey(org.ownerKey()).delete("/v1/cameras/" + camera).then().statusCode(204);

        List<Map<String, Object>> items = entries(Map.of()).getList("items");
        assertThat(items)
                .extracting(e -> e.get("action"))
                .containsExactly(
                        "camera.deleted",
                        "api-key.revoked",
                        "api-key.created",
                        "camera.retention.changed",
                        "share.revoked",
                        "share.created",
                        "camera.created");
        // The revocation names the link's camera and token, taken from the link.
        assertThat(items.get(4)).containsEntry("targetId", share).containsEntry("cameraId", camera);
        assertThat(items.get(4).get("tokenId"))
                .isEqualTo(items.get(5).get("tokenId"))
                .isNotNull();
        assertThat(items.get(3).get("details")).isEqualTo(Map.of("retentionDays", 14));
        assertThat(items.get(2).get("details")).isEqualTo(Map.of("name", "auditor", "role", "viewer"));
    }

    @Test
    void shouldRecordAClaimInItsOwnTransactionAndAReplayedClaimNotAtAll() {
        String serial = "SN-" + Fixtures.unique();
        Map<String, Object> claim =
                Map.of("serial", serial, "claimCode", Fixtures.provision(serial).get(serial));
        String claimed = created(withKey(org.ownerKey())
                        .contentType("application/json")
                        .body(claim)
                        .post("/v1/cameras"))
                .get("camera.id");
        // One transaction (the same xmin) wrote the camera and its entry; checked before a replay rewrites the camera.
        assertThat(TestEnvironment.number("select count(*) from cameras c join audit_log a on a.camera_id = c.id "
                        + "and a.organization_id = c.organization_id and cast(cast(a.xmin as text) as bigint) = "
                        + "cast(cast(c.xmin as text) as bigint) where c.id = '" + claimed
                        + "' and c.organization_id = '"
                        + org.id() + "'"))
                .isEqualTo(1);
        // The same claim again returns the camera with a new secret; nothing new to record.
        withKey(org.ownerKey())
                .contentType("application/json")
                .body(claim)
                .post("/v1/cameras")
                .then()
                .statusCode(200);

        List<Map<String, Object>> items = entries(Map.of("cameraId", claimed)).getList("items");
        assertThat(items).extracting(e -> e.get("action")).containsExactly("camera.created");
    }

    @Test
    void shouldNeverShowAnotherOrganizationsEntries() {
        issueLive();
        Org other = Fixtures.organization();

        assertThat(entries(other, Map.of()).getList("items")).isEmpty();
        withKey(other.ownerKey())
                .queryParam("cameraId", camera)
                .get("/v1/audit")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        String export = withKey(other.ownerKey())
                .queryParam("from", Instant.now().minus(1, ChronoUnit.DAYS).toString())
                .queryParam("to", Instant.now().plus(1, ChronoUnit.HOURS).toString())
                .get("/v1/audit/export")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(export).isEmpty();
        // Viewers do not read the audit log.
        withKey(Fixtures.viewerKey(org)).get("/v1/audit").then().statusCode(403);
    }

    @Test
    void shouldExportTheRangeAsNdjson() {
        for (int i = 0; i < 3; i++) {
            issueLive();
        }
        String body = withKey(org.ownerKey())
                .queryParam("from", Instant.now().minus(1, ChronoUnit.HOURS).toString())
                .queryParam("to", Instant.now().plus(1, ChronoUnit.HOURS).toString())
                .queryParam("action", "playback.live.issued")
                .get("/v1/audit/export")
                .then()
                .statusCode(200)
                .contentType(containsString("application/x-ndjson"))
                .extract()
                .asString();
        List<String> lines = body.lines().toList();
        assertThat(lines)
                .hasSize(3)
                .allSatisfy(l -> assertThat(new JsonPath(l).getString("action")).isEqualTo("playback.live.issued"));
    }

    @Test
    void shouldContinueAnExportThatHitItsSizeLimitFromItsCursor() {
        // 51 entries of the last hour, written past the API (the test limit of one export is 50).
        TestEnvironment.sql("insert into audit_log (id, organization_id, occurred_at, action, actor) "
                + "select gen_random_uuid(), '" + org.id() + "', now() - g * interval '100 milliseconds', "
                + "'camera.updated', 'bulk' from generate_series(1, 51) g");
        String from = Instant.now().minus(2, ChronoUnit.HOURS).toString();
        String to = Instant.now().plus(1, ChronoUnit.HOURS).toString();
        var first = withKey(org.ownerKey())
                .queryParams(Map.of("from", from, "to", to, "actor", "bulk"))
                .get("/v1/audit/export")
                .then()
                .statusCode(200)
                .extract();
        String cursor = first.header("Zonecam-Next-Cursor");
        assertThat(cursor).isNotBlank();
        assertThat(first.asString().lines()).hasSize(50);
        var rest = withKey(org.ownerKey())
                .queryParams(Map.of("from", from, "to", to, "actor", "bulk", "cursor", cursor))
                .get("/v1/audit/export")
                .then()
                .statusCode(200)
                .extract();
        assertThat(rest.header("Zonecam-Next-Cursor")).isNull();
        assertThat(rest.asString().lines()).hasSize(1);
    }

    @Test
    void shouldAnswerBadFiltersWithProblems() {
        record Bad(String path, Map<String, String> query, String named) {}
        String now = Instant.now().toString();
        List<Bad> bad = List.of(
                new Bad("/v1/audit", Map.of("action", "camera.exploded"), "action"),
                new Bad("/v1/audit", Map.of("from", "2026-01-02T00:00:00Z", "to", "2026-01-01T00:00:00Z"), "to"),
                new Bad("/v1/audit", Map.of("cursor", "not-a-cursor"), "cursor"),
                new Bad("/v1/audit", Map.of("limit", "abc"), "limit"),
                new Bad("/v1/audit", Map.of("cameraId", "42"), "cameraId"),
                new Bad("/v1/audit", Map.of("from", "yesterday"), "from"),
                new Bad("/v1/audit/export", Map.of("to", now), "from"),
                new Bad(
                        "/v1/audit/export",
                        Map.of("from", Instant.now().minus(60, ChronoUnit.DAYS).toString(), "to", now),
                        "31 days"));
        for (Bad b : bad) {
            withKey(org.ownerKey())
                    .queryParams(b.query())
                    .get(b.path())
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body(containsString(b.named()));
        }
    }

    @Test
    void shouldStoreNodeAccessOncePerIdUnderTheCamerasOrganization() {
        String token = issueLive();
        String tokenId = Audited.tokenIdOf(token).toString();
        Org elsewhere = Fixtures.organization();
        Fixtures.node(Fixtures.zone(elsewhere.region(), 100), "n-" + Fixtures.unique(), 100);
        String foreign = Fixtures.camera(elsewhere).getString("camera.id");
        Instant start = Instant.now().minus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> batch = Map.of(
                "records",
                List.of(
                        access(tokenId, camera, "live", start, 1_234_567),
                        access(UUID.randomUUID().toString(), foreign, "recorded", start, 10)));

        for (int attempt = 0; attempt < 2; attempt++) {
            asNode(zone.nodeKey())
                    .body(batch)
                    .post("/v1/nodes/" + node + "/access")
                    .then()
                    .statusCode(200)
                    .body("accepted", equalTo(1))
                    .body("outsideZone", equalTo(1))
                    .body("rateLimited", equalTo(0));
        }

        List<Map<String, Object>> access =
                entries(Map.of("action", "access.live")).getList("items");
        assertThat(access).hasSize(1);
        assertThat(access.get(0))
                .containsEntry("tokenId", tokenId)
                .containsEntry("cameraId", camera)
                .containsEntry("nodeId", node)
                .containsEntry("bytes", 1_234_567)
                .containsEntry("clientAddress", "203.0.113.7")
                .containsEntry("occurredAt", start.toString());
        // The watcher is whoever the token was issued to.
        assertThat(access.get(0).get("actor"))
                .isEqualTo(entries(Map.of("action", "playback.live.issued")).getString("items[0].actor"));
        assertThat(entries(elsewhere, Map.of("action", "access.recorded")).getList("items"))
                .isEmpty();
    }

    @Test
    void shouldRefuseBadAccessRecordsAndOtherZonesNodes() {
        Instant now = Instant.now();
        Map<String, Object> late =
                access(UUID.randomUUID().toString(), camera, "live", now.minus(8, ChronoUnit.DAYS), 1);
        Map<String, Object> backwards = new HashMap<>(access(UUID.randomUUID().toString(), camera, "clip", now, 1));
        backwards.put("endedAt", now.minus(1, ChronoUnit.MINUTES).toString());
        Map<String, Object> negative = access(UUID.randomUUID().toString(), camera, "snapshot", now, -1);
        Map<String, Object> unknownKind = access(UUID.randomUUID().toString(), camera, "download", now, 1);
        for (Map<String, Object> record : List.of(late, backwards, negative, unknownKind)) {
            asNode(zone.nodeKey())
                    .body(Map.of("records", List.of(record)))
                    .post("/v1/nodes/" + node + "/access")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
        }
        TestZone other = Fixtures.zone(Fixtures.organization().region(), 10);
        asNode(other.nodeKey())
                .body(Map.of("records", List.of(access(UUID.randomUUID().toString(), camera, "live", now, 1))))
                .post("/v1/nodes/" + node + "/access")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        withKey(org.ownerKey())
                .contentType("application/json")
                .body(Map.of("records", List.of(access(UUID.randomUUID().toString(), camera, "live", now, 1))))
                .post("/v1/nodes/" + node + "/access")
                .then()
                .statusCode(403);
    }

    @Test
    void shouldRefuseToChangeOrDeleteEntries() {
        issueLive();
        String id = entries(Map.of("action", "playback.live.issued")).getString("items[0].id");
        assertThatThrownBy(() -> TestEnvironment.sql("update audit_log set actor = 'nobody' where id = '" + id + "'"))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> TestEnvironment.sql("delete from audit_log where id = '" + id + "'"))
                .hasMessageContaining("append-only");
    }

    /** Issues a live playback URL of the camera; returns its token. */
    private String issueLive() {
        return ok(withKey(org.ownerKey()).post("/v1/cameras/" + camera + "/playback/live"))
                .get("token");
    }

    private JsonPath entries(Map<String, ?> query) {
        return entries(org, query);
    }

    private static JsonPath entries(Org of, Map<String, ?> query) {
        return ok(withKey(of.ownerKey()).queryParams(query).get("/v1/audit"));
    }

    private static Map<String, Object> access(String tokenId, String camera, String kind, Instant start, long bytes) {
        return Map.of(
                "id",
                UUID.randomUUID().toString(),
                "tokenId",
                tokenId,
                "cameraId",
                camera,
                "kind",
                kind,
                "startedAt",
                start.toString(),
                "endedAt",
                start.plus(2, ChronoUnit.MINUTES).toString(),
                "bytes",
                bytes,
                "clientAddress",
                "203.0.113.7");
    }
}
