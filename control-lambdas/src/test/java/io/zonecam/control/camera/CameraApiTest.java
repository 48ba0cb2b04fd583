package io.zonecam.control.camera;

import static io.zonecam.control.support.Answers.created;
import static io.zonecam.control.support.Answers.ok;
import static io.zonecam.control.support.Fixtures.withKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.zonecam.control.support.ApiTest;
import io.zonecam.control.support.Fixtures;
import io.zonecam.control.support.Fixtures.Org;
import io.zonecam.control.support.TestEnvironment;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
class CameraApiTest extends ApiTest {

    @Test
    void shouldRegisterAndAssignACameraOnItsOrganizationsRegion() {
        Org org = Fixtures.organization();
        var zone = Fixtures.zone(org.region(), 1000);
        String node = Fixtures.node(zone, "n-" + Fixtures.unique(), 100);

        JsonPath reg = Fixtures.camera(org);

        assertThat(reg.getString("camera.organizationId")).isEqualTo(org.id());
        assertThat(reg.getString("camera.status")).isEqualTo("registered");
        assertThat(reg.getInt("camera.retentionDays")).isEqualTo(30);
        assertThat(reg.getString("camera.zone")).isEqualTo(zone.id());
        assertThat(reg.getString("assignment.nodeId")).isEqualTo(node);
        assertThat(reg.getString("assignment.rtspUrl")).endsWith(":8554/live/" + reg.getString("camera.id"));
        assertThat(reg.getString("credentials.deviceSecret")).startsWith("zd_");
        assertThat(reg.getString("mqtt.commandTopic"))
                .isEqualTo("zonecam/v1/cameras/" + reg.getString("camera.id") + "/commands");
    }

    @Test
    void shouldReturnTheSameCameraWithANewSecretWhenTheSameClaimIsRepeated() {
        Org org = Fixtures.organization();
        Map<String, Object> claim = claimOfANewSerial(org);

        JsonPath first = created(withKey(org.ownerKey()).body(claim).post("/v1/cameras"));
        JsonPath again = ok(withKey(org.ownerKey()).body(claim).post("/v1/cameras"));

        assertThat(again.getString("camera.id")).isEqualTo(first.getString("camera.id"));
        assertThat(again.getString("assignment.nodeId")).isEqualTo(first.getString("assignment.nodeId"));
        assertThat(again.getString("credentials.deviceSecret"))
                .isNotEqualTo(first.getString("credentials.deviceSecret"));
        String cameraId = first.getString("camera.id");
        // The old secret is revoked, the new one works.
        io.restassured.RestAssured.given()
                .auth()
                .preemptive()
                .basic(cameraId, first.getString("credentials.deviceSecret"))
                .post("/v1/devices/token")
                .then()
                .statusCode(401);
        io.restassured.RestAssured.given()
                .auth()
                .preemptive()
                .basic(cameraId, again.getString("credentials.deviceSecret"))
                .post("/v1/devices/token")
                .then()
                .statusCode(200);
    }

    @Test
    void shouldShowARepeatedClaimsCameraAsTheCameraListShowsIt() {
        Org org = Fixtures.organization();
        Map<String, Object> claim = claimOfANewSerial(org);
        String cameraId =
                created(withKey(org.ownerKey()).body(claim).post("/v1/cameras")).getString("camera.id");
        // On the device bus, publishing nowhere, with B-frames: what a node would have reported.
        TestEnvironment.sql("update cameras set bus_state = 'connected', bus_publishing_to = 'rtsp://10.0.0.7:8554', "
                + "bus_command_id = 'm-1', bus_reported_at = now(), live_view_problem = 'b_frames' where id = '"
                + cameraId + "'");

        JsonPath again = ok(withKey(org.ownerKey()).body(claim).post("/v1/cameras"));
        JsonPath listed = ok(withKey(org.ownerKey()).get("/v1/cameras"));

        Map<String, Object> shown = listed.getMap("items.find { it.id == '" + cameraId + "' }");
        assertThat(again.getString("camera.status")).isEqualTo("not_publishing");
        assertThat(again.getString("camera.liveView")).isEqualTo("unsupported_b_frames");
        assertThat(again.getString("camera.bus.publishingTo")).isEqualTo("rtsp://10.0.0.7:8554");
        Map<String, Object> reclaimed = again.getMap("camera");
        for (String field : List.of("serial", "status", "liveView", "bus", "zone", "nodeId", "createdAt")) {
            assertThat(reclaimed.get(field)).as(field).isEqualTo(shown.get(field));
        }
    }

    /** Registers a node with room for 100 cameras, in a new zone of the organization's region; returns its id. */
    private static String nodeWithRoom(Org org) {
        return Fixtures.node(Fixtures.zone(org.region(), 1000), "n-" + Fixtures.unique(), 100);
    }

    /** A claim of a freshly provisioned serial, in the organization's region where one node has room. */
    private static Map<String, Object> claimOfANewSerial(Org org) {
        nodeWithRoom(org);
        String serial = "SN-" + Fixtures.unique();
        return Map.of("serial", serial, "claimCode", Fixtures.provision(serial).get(serial));
    }

    @Test
    void shouldGiveConcurrentClaimsOfOneSerialOneCamera() throws Exception {
        Org org = Fixtures.organization();
        String node = nodeWithRoom(org);
        String serial = "SN-" + Fixtures.unique();
        String code = Fixtures.provision(serial).get(serial);
        Map<String, Object> claim = Map.of("serial", serial, "claimCode", code);

        // A camera retrying its claim while the first attempt is still in flight: one creates, the others see it.
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        List<java.util.concurrent.Future<io.restassured.response.Response>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(pool.submit(() -> withKey(org.ownerKey()).body(claim).post("/v1/cameras")));
        }
        List<Integer> statuses = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (var call : calls) {
            io.restassured.response.Response r = call.get();
            statuses.add(r.statusCode());
            ids.add(r.jsonPath().getString("camera.id"));
        }
        pool.shutdown();

        assertThat(statuses)
                .as("one created, the rest returned")
                .containsOnly(200, 201)
                .containsOnlyOnce(201);
        assertThat(ids).hasSize(1);
        JsonPath listed = ok(withKey(org.ownerKey()).get("/v1/cameras"));
        assertThat(listed.getList("items.serial")).containsExactly(serial);
        // The node counts the camera once.
        assertThat(ok(Fixtures.asOperator().get("/v1/nodes/" + node)).getInt("assignedCameras"))
                .isEqualTo(1);
    }

    @Test
    void shouldRefuseAWrongClaimCodeAnUnknownSerialAndAnotherOrganizationsCamera() {
        Org org = Fixtures.organization();
        Org other = Fixtures.organization();
        String serial = "SN-" + Fixtures.unique();
        String code = Fixtures.provision(serial).get(serial);

        withKey(org.ownerKey())
                .body(Map.of("serial", serial, "claimCode", "WRONG-CODE-42"))
                .post("/v1/cameras")
                .then()
                .statusCode(409)
                .body("type", containsString("claim-refused"));
        withKey(org.ownerKey())
                .body(Map.of("serial", "SN-never-made-" + Fixtures.unique(), "claimCode", "ABCDEF-1234"))
                .post("/v1/cameras")
                .then()
                .statusCode(409)
                .body("detail", equalTo("No claimable camera has this serial and claim code."));
        withKey(org.ownerKey())
                .body(Map.of("serial", serial, "claimCode", code))
                .post("/v1/cameras")
                .then()
                .statusCode(201);
        withKey(other.ownerKey())
                .body(Map.of("serial", serial, "claimCode", code))
                .post("/v1/cameras")
                .then()
                .statusCode(409)
                .body("type", containsString("claimed-elsewhere"));
    }

    /** Lists the organization's cameras page by page, adding their ids to {@code seen}; returns the pages read. */
    private static int pageThrough(Org org, int limit, List<String> seen) {
        String cursor = null;
        int pages = 0;
        do {
            var req = withKey(org.ownerKey()).queryParam("limit", limit);
            if (cursor != null) {
                req.queryParam("cursor", cursor);
            }
            JsonPath page = ok(req.get("/v1/cameras"));
            seen.addAll(page.getList("items.id"));
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null);
        return pages;
    }

    @Test
    void shouldPageThroughCamerasRegisteredAtTheSameInstantInIdOrder() throws java.sql.SQLException {
        // A fleet registered in bulk can share one created_at: the cursor then moves on by id alone.
        Org org = Fixtures.organization();
        nodeWithRoom(org);
        List<String> created = new ArrayList<>(Fixtures.cameras(org, 7));
        try (var c = java.sql.DriverManager.getConnection(TestEnvironment.JDBC_URL, TestEnvironment.USER, "");
                var s = c.prepareStatement("update cameras set created_at = '2026-01-01T00:00:00Z' "
                        + "where organization_id = cast(? as uuid)")) {
            s.setString(1, org.id());
            assertThat(s.executeUpdate()).isEqualTo(7);
        }
        List<String> seen = new ArrayList<>();
        pageThrough(org, 2, seen);
        // PostgreSQL orders UUIDs as unsigned bytes, which is the order of their text form.
        assertThat(seen).hasSize(7).doesNotHaveDuplicates().isSorted();
        assertThat(new HashSet<>(seen)).isEqualTo(new HashSet<>(created));
    }

    @Test
    void shouldPageThroughCamerasWithFilters() {
        Org org = Fixtures.organization();
        nodeWithRoom(org);
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            created.add(Fixtures.camera(org).getString("camera.id"));
        }
        List<String> seen = new ArrayList<>();
        assertThat(pageThrough(org, 3, seen)).isEqualTo(3);
        assertThat(seen).hasSize(7).doesNotHaveDuplicates();
        assertThat(new HashSet<>(seen)).isEqualTo(created);

        // Each filter (query parameter and value) and how many of the seven cameras it keeps.
        Map<List<String>, Integer> kept = Map.of(
                List.of("q", "cam sn-"), 7,
                List.of("q", "zzz"), 0,
                List.of("status", "online"), 0,
                List.of("status", "registered"), 7);
        kept.forEach((filter, count) -> assertThat(ok(withKey(org.ownerKey())
                                .queryParam(filter.get(0), filter.get(1))
                                .get("/v1/cameras"))
                        .getList("items"))
                .as("%s=%s", filter.get(0), filter.get(1))
                .hasSize(count));
    }

    @Test
    void shouldSearchByNamePrefixWithoutCaseAndWithLiteralWildcards() {
        Org org = Fixtures.organization();
        nodeWithRoom(org);
        for (String name : List.of("Dock 1", "Dock 10", "Dock 2", "Dock 1_a", "Gate")) {
            withKey(org.ownerKey())
                    .body(Map.of("name", name))
                    .patch("/v1/cameras/" + Fixtures.camera(org).getString("camera.id"))
                    .then()
                    .statusCode(200);
        }
        Map<String, List<String>> expected = Map.of(
                "dock 1", List.of("Dock 1", "Dock 10", "Dock 1_a"),
                "DOCK 2", List.of("Dock 2"),
                "dock 1_", List.of("Dock 1_a"),
                "dock 1%", List.of(),
                "dock", List.of("Dock 1", "Dock 10", "Dock 2", "Dock 1_a"),
                "gatf", List.of());
        expected.forEach((q, names) -> assertThat(
                        ok(withKey(org.ownerKey()).queryParam("q", q).get("/v1/cameras"))
                                .<String>getList("items.name"))
                .as("q=%s", q)
                .containsExactlyInAnyOrderElementsOf(names));
    }

    @Test
    void shouldUpdateNameAndRetention() {
        Org org = Fixtures.organization();
        String id = Fixtures.camera(org).getString("camera.id");
        withKey(org.ownerKey())
                .body(Map.of("name", "Dock north", "retentionDays", 90))
                .patch("/v1/cameras/" + id)
                .then()
                .statusCode(200)
                .body("name", equalTo("Dock north"))
                .body("retentionDays", equalTo(90));
        withKey(org.ownerKey()).get("/v1/cameras/" + id).then().statusCode(200).body("name", equalTo("Dock north"));
    }

    @Test
    void shouldDeregisterRevokeCredentialsAndFreeTheSerial() {
        Org org = Fixtures.organization();
        Org other = Fixtures.organization();
        String serial = "SN-" + Fixtures.unique();
        String code = Fixtures.provision(serial).get(serial);
        JsonPath reg = created(withKey(org.ownerKey())
                .body(Map.of("serial", serial, "claimCode", code))
                .post("/v1/cameras"));
        String id = reg.getString("camera.id");

        withKey(org.ownerKey()).delete("/v1/cameras/" + id).then().statusCode(204);

        withKey(org.ownerKey()).get("/v1/cameras/" + id).then().statusCode(404);
        withKey(org.ownerKey()).get("/v1/cameras").then().statusCode(200).body("items.id", not(hasItem(id)));
        io.restassured.RestAssured.given()
                .auth()
                .preemptive()
                .basic(id, reg.getString("credentials.deviceSecret"))
                .post("/v1/devices/token")
                .then()
                .statusCode(401);
        withKey(other.ownerKey())
                .body(Map.of("serial", serial, "claimCode", code))
                .post("/v1/cameras")
                .then()
                .statusCode(201);
    }

    @Test
    void shouldExplainEveryInvalidField() {
        Org org = Fixtures.organization();
        withKey(org.ownerKey())
                .body(Map.of("serial", "bad serial!", "claimCode", "123", "retentionDays", 0))
                .post("/v1/cameras")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("claimCode", "retentionDays", "serial"));
        withKey(org.ownerKey())
                .body("{\"serial\": ")
                .post("/v1/cameras")
                .then()
                .statusCode(400)
                .body("detail", equalTo("The body is not valid JSON."));
        withKey(org.ownerKey())
                .body(Map.of("serial", "A1", "claimCode", "1234567890", "colour", "red"))
                .post("/v1/cameras")
                .then()
                .statusCode(400)
                .body("detail", equalTo("Unknown field 'colour'."));
        withKey(org.ownerKey())
                .body(Map.of("serial", "A1", "claimCode", "1234567890", "retentionDays", "many"))
                .post("/v1/cameras")
                .then()
                .statusCode(400)
                .body("detail", containsString("retentionDays"));
        withKey(org.ownerKey())
                .get("/v1/cameras/not-a-uuid")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("cameraId"));
        withKey(org.ownerKey()).queryParam("limit", 0).get("/v1/cameras").then().statusCode(400);
        withKey(org.ownerKey())
                .queryParam("cursor", "garbage")
                .get("/v1/cameras")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("cursor"));
        withKey(org.ownerKey())
                .body(Map.of())
                .patch("/v1/cameras/" + java.util.UUID.randomUUID())
                .then()
                .statusCode(400);
    }
}
