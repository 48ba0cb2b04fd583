package io.zonecam.control.fleet;

import static io.zonecam.control.support.Answers.accepted;
import static io.zonecam.control.support.Answers.created;
import static io.zonecam.control.support.Answers.ok;
import static io.zonecam.control.support.Fixtures.asNode;
import static io.zonecam.control.support.Fixtures.asOperator;
import static io.zonecam.control.support.Fixtures.load;
import static io.zonecam.control.support.Fixtures.postHeartbeat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.zonecam.control.allocation.ZoneLoad;
import io.zonecam.control.support.ApiTest;
import io.zonecam.control.support.Fixtures;
import io.zonecam.control.support.Fixtures.Org;
import io.zonecam.control.support.Fixtures.TestZone;
import io.zonecam.control.support.TestEnvironment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
class FleetApiTest extends ApiTest {

    /** Camera id → node id for the given cameras. */
    static Map<String, String> placement(Org org, List<String> cameras) {
        Map<String, String> m = new HashMap<>();
        for (String c : cameras) {
            m.put(
                    c,
                    ok(Fixtures.withKey(org.ownerKey()).get("/v1/cameras/" + c)).get("nodeId"));
        }
        return m;
    }

    /**
     * The node {@code camera} ranks first among {@code nodes}, each of {@code capacity}: where the first placement on
     * an empty zone puts it, and so where a rebalance moves it back to.
     */
    static String firstChoice(List<String> nodes, int capacity, String camera) {
        List<ZoneLoad.NodeSlot> empty = nodes.stream()
                .map(id -> new ZoneLoad.NodeSlot(UUID.fromString(id), 0, capacity, true))
                .toList();
        ZoneLoad ranking = new ZoneLoad(empty, 0.05);
        return ranking.node(ranking.place(UUID.fromString(camera))).toString();
    }

    @Test
    void shouldRegisterOnlyIntoTheZoneOfTheKeyAndReRegisterByName() {
        TestZone a = Fixtures.zone("fleet-" + Fixtures.unique(), 100);
        TestZone b = Fixtures.zone("fleet-" + Fixtures.unique(), 100);
        String name = "i-" + Fixtures.unique();
        Map<String, Object> reg = Map.of(
                "zone",
                b.id(),
                "name",
                name,
                "host",
                "h",
                "httpUrl",
                "http://h:8080",
                "rtspPort",
                8554,
                "rtmpPort",
                1935,
                "capacity",
                10);
        asNode(a.nodeKey()).body(reg).post("/v1/nodes").then().statusCode(403);
        asNode("zn_" + b.id() + ".forged").body(reg).post("/v1/nodes").then().statusCode(401);

        String id = created(asNode(b.nodeKey()).body(reg).post("/v1/nodes")).get("id");
        asNode(b.nodeKey()).body(reg).post("/v1/nodes").then().statusCode(200).body("id", equalTo(id));
        postHeartbeat(b.nodeKey(), id, load(0)).statusCode(200).body("state", equalTo("active"));
        // A node of zone A cannot heartbeat or read a node of zone B.
        postHeartbeat(a.nodeKey(), id, load(0)).statusCode(404);
        asNode(a.nodeKey()).get("/v1/nodes/" + id + "/assignments").then().statusCode(404);
        postHeartbeat(b.nodeKey(), id, Map.of("cameras", -1, "ingressBps", 0, "egressBps", 0, "viewers", 0, "cpu", 3))
                .statusCode(400);
    }

    @Test
    void shouldMoveOnlyTheCamerasOfANodeWhoseLeaseRanOut() {
        Org org = Fixtures.organization();
        TestZone zone = Fixtures.zone(org.region(), 1000);
        List<String> nodes = Fixtures.nodes(zone, 100, "a", "b", "c");
        List<String> cameras = Fixtures.cameras(org, 30);
        Map<String, String> before = placement(org, cameras);
        String victim = nodes.get(0);
        long onVictim = before.values().stream().filter(victim::equals).count();
        assertThat(onVictim).isPositive();

        // The zone's other nodes' heartbeats suspect the silent node, then confirm it dead.
        Fixtures.letDie(zone, victim, nodes.get(1), load(10));

        asOperator()
                .get("/v1/nodes/" + victim)
                .then()
                .statusCode(200)
                .body("state", equalTo("dead"))
                .body("assignedCameras", equalTo(0));
        Map<String, String> after = placement(org, cameras);
        int moved = 0;
        for (String c : cameras) {
            if (!before.get(c).equals(after.get(c))) {
                moved++;
                assertThat(before.get(c))
                        .as("only the dead node's cameras move")
                        .isEqualTo(victim);
            }
            assertThat(after.get(c)).isNotEqualTo(victim);
        }
        assertThat(moved).isEqualTo((int) onVictim);
        postHeartbeat(zone.nodeKey(), victim, load(0)).statusCode(409);
        // It comes back by registering again.
        Fixtures.register(zone, "a", 100).statusCode(200).body("state", equalTo("active"));
    }

    @Test
    void shouldDrainANodeAndReportItDrainedWhenItsCamerasAreGone() {
        Org org = Fixtures.organization();
        TestZone zone = Fixtures.zone(org.region(), 1000);
        String a = Fixtures.node(zone, "a", 100);
        String b = Fixtures.node(zone, "b", 100);
        List<String> cameras = Fixtures.cameras(org, 12);
        JsonPath started = accepted(asOperator().post("/v1/nodes/" + a + "/drain"));
        assertThat(started.getString("state")).isEqualTo("draining");
        assertThat(started.getInt("assignedCameras")).isZero();
        assertThat(placement(org, cameras).values()).containsOnly(b);

        // The node still reports cameras connected until they reconnect elsewhere.
        postHeartbeat(zone.nodeKey(), a, load(5)).statusCode(200).body("state", equalTo("draining"));
        asNode(zone.nodeKey())
                .get("/v1/nodes/" + a + "/drain")
                .then()
                .statusCode(200)
                .body("connectedCameras", equalTo(5));
        postHeartbeat(zone.nodeKey(), a, load(0)).statusCode(200).body("state", equalTo("drained"));
        asOperator().delete("/v1/nodes/" + a + "/drain").then().statusCode(200).body("state", equalTo("active"));
        asOperator().delete("/v1/nodes/" + a + "/drain").then().statusCode(409);
    }

    @Test
    void shouldRefuseToDrainTheLastNodeOfAZoneWithCameras() {
        Org org = Fixtures.organization();
        TestZone zone = Fixtures.zone(org.region(), 1000);
        String only = Fixtures.node(zone, "only", 100);
        Fixtures.camera(org);
        asOperator().post("/v1/nodes/" + only + "/drain").then().statusCode(409);
    }

    @Test
    void shouldRebalanceAboutOneNthOfTheCamerasOntoAJoiningNode() {
        Org org = Fixtures.organization();
        TestZone zone = Fixtures.zone(org.region(), 1000);
        List<String> nodes = new ArrayList<>(Fixtures.nodes(zone, 200, "a", "b", "c"));
        List<String> cameras = Fixtures.cameras(org, 60);
        Map<String, String> before = placement(org, cameras);
        String d = Fixtures.node(zone, "d", 200);
        nodes.add(d);

        JsonPath result = ok(asOperator().post("/v1/zones/" + zone.id() + "/rebalance"));

        Map<String, String> after = placement(org, cameras);
        int moved = 0;
        int ontoNew = 0;
        for (String c : cameras) {
            if (!before.get(c).equals(after.get(c))) {
                moved++;
                ontoNew += after.get(c).equals(d) ? 1 : 0;
                // A camera moves only onto the new node, and only when it ranks it first; an old node that fell below
                // the mean after the load bound had placed the camera elsewhere draws nothing.
                assertThat(after.get(c))
                        .as("camera %s moves onto the new node", c)
                        .isEqualTo(d);
                assertThat(after.get(c))
                        .as("camera %s moves to its first choice", c)
                        .isEqualTo(firstChoice(nodes, 200, c));
            }
        }
        assertThat(ontoNew).as("cameras move onto the new node").isGreaterThanOrEqualTo(5);
        assertThat(result.getInt("moved")).isEqualTo(moved);
        assertThat(moved).as("about 60/4 cameras").isBetween(8, 22);
        List<Integer> loads = ok(asOperator().queryParam("zone", zone.id()).get("/v1/nodes"))
                .getList("assignedCameras", Integer.class);
        assertThat(loads.stream().mapToInt(Integer::intValue).sum()).isEqualTo(60);
        assertThat(ok(asOperator().get("/v1/nodes/" + d)).getInt("assignedCameras"))
                .isEqualTo(ontoNew);
    }

    @Test
    void shouldRebalanceCamerasBackOntoANodeWhoseDrainWasCancelled() {
        Org org = Fixtures.organization();
        TestZone zone = Fixtures.zone(org.region(), 1000);
        String a = Fixtures.node(zone, "a", 200);
        String b = Fixtures.node(zone, "b", 200);
        List<String> cameras = Fixtures.cameras(org, 40);
        accepted(asOperator().post("/v1/nodes/" + a + "/drain"));
        postHeartbeat(zone.nodeKey(), a, load(0)).statusCode(200).body("state", equalTo("drained"));
        asOperator().delete("/v1/nodes/" + a + "/drain").then().statusCode(200).body("state", equalTo("active"));
        assertThat(placement(org, cameras).values()).containsOnly(b);

        // Back in service, the node counts as joined: the rebalance draws the cameras that rank it first.
        JsonPath result = ok(asOperator().post("/v1/zones/" + zone.id() + "/rebalance"));

        Map<String, String> after = placement(org, cameras);
        long onA = after.values().stream().filter(a::equals).count();
        assertThat(result.getInt("moved")).isEqualTo((int) onA).isBetween(10, 20);
        assertThat(ok(asOperator().get("/v1/nodes/" + a)).getInt("assignedCameras"))
                .isEqualTo((int) onA);
    }

    @Test
    void shouldManageZonesAndRefuseToDeleteABusyOne() {
        Org org = Fixtures.organization();
        TestZone zone = Fixtures.zone(org.region(), 50);
        asOperator()
                .body(Map.of("id", zone.id(), "region", "x", "capacity", 5))
                .post("/v1/zones")
                .then()
                .statusCode(409);
        asOperator()
                .body(Map.of("id", "Bad Zone!", "region", "x", "capacity", 5))
                .post("/v1/zones")
                .then()
                .statusCode(400);
        asOperator()
                .body(Map.of("state", "closed"))
                .patch("/v1/zones/" + zone.id())
                .then()
                .statusCode(200)
                .body("state", equalTo("closed"));
        asOperator()
                .body(Map.of("state", "sideways"))
                .patch("/v1/zones/" + zone.id())
                .then()
                .statusCode(400);
        Fixtures.node(zone, "n", 10);
        asOperator().delete("/v1/zones/" + zone.id()).then().statusCode(409);
        asOperator().get("/v1/zones/" + zone.id()).then().statusCode(200).body("activeNodes", equalTo(1));
        asOperator().get("/v1/zones/no-such-zone").then().statusCode(404);
    }

    @Test
    void shouldListEveryCameraOfANodeAcrossPages() {
        Org org = Fixtures.organization();
        TestZone zone = Fixtures.zone(org.region(), 100);
        String node = Fixtures.node(zone, "only", 100);
        java.util.Set<String> cameras = new java.util.HashSet<>(Fixtures.cameras(org, 12));
        java.util.Set<String> listed = new java.util.HashSet<>();
        String cursor = null;
        do {
            var req = asNode(zone.nodeKey()).queryParam("limit", 5);
            if (cursor != null) {
                req.queryParam("cursor", cursor);
            }
            JsonPath page = ok(req.get("/v1/nodes/" + node + "/assignments"));
            listed.addAll(page.getList("items.cameraId"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        // Random ids start with every hex digit, so this also covers ids PostgreSQL sorts below 8000….
        assertThat(listed).isEqualTo(cameras);
    }
}
