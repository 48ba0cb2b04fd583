package io.zonecam.control.support;

import static io.restassured.RestAssured.given;
import static io.zonecam.control.support.Answers.created;
import static io.zonecam.control.support.Answers.ok;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Fixtures builds the world a test needs through the public API: operators, organizations, zones, nodes, cameras. */
public final class Fixtures {

    private Fixtures() {}

    /** A unique short suffix, so tests never collide on names, serials or regions. */
    public static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** A bearer token from the development issuer. */
    public static String userToken(String organizationId, String... roles) {
        Map<String, Object> body = organizationId == null
                ? Map.of("subject", "test-user", "roles", List.of(roles))
                : Map.of("subject", "test-user", "organizationId", organizationId, "roles", List.of(roles));
        return ok(given().contentType(ContentType.JSON).body(body).post("/v1/dev/tokens"))
                .get("token");
    }

    public static String operatorToken() {
        return userToken(null, "operator");
    }

    public static RequestSpecification asOperator() {
        return given().auth().oauth2(operatorToken()).contentType(ContentType.JSON);
    }

    public static RequestSpecification withKey(String apiKey) {
        return given().header("X-Api-Key", apiKey).contentType(ContentType.JSON);
    }

    public static RequestSpecification asNode(String nodeKey) {
        return given().header("X-Node-Key", nodeKey).contentType(ContentType.JSON);
    }

    /** An organization and its owner API key. */
    public record Org(String id, String ownerKey, String region) {}

    public static Org organization() {
        String region = "test-" + unique();
        JsonPath created = created(asOperator()
                .body(Map.of("name", "Org " + region, "region", region))
                .post("/v1/organizations"));
        return new Org(created.getString("organization.id"), created.getString("apiKey.key"), region);
    }

    /** A zone of a region and its node enrollment key. */
    public record TestZone(String id, String region, String nodeKey) {}

    public static TestZone zone(String region, int capacity) {
        String id = "z-" + unique();
        JsonPath created = created(asOperator()
                .body(Map.of("id", id, "region", region, "capacity", capacity))
                .post("/v1/zones"));
        return new TestZone(id, region, created.getString("nodeEnrollmentKey"));
    }

    /** Registers (or registers again) a node of the zone by name, as a stream node does at start. */
    public static io.restassured.response.ValidatableResponse register(TestZone zone, String name, int capacity) {
        return asNode(zone.nodeKey())
                .body(Map.of(
                        "zone",
                        zone.id(),
                        "name",
                        name,
                        "host",
                        name + ".test",
                        "httpUrl",
                        "http://" + name + ".test:8080",
                        "rtspPort",
                        8554,
                        "rtmpPort",
                        1935,
                        "capacity",
                        capacity))
                .post("/v1/nodes")
                .then();
    }

    /** Registers an active node in the zone; returns its id. */
    public static String node(TestZone zone, String name, int capacity) {
        return register(zone, name, capacity).statusCode(201).extract().path("id");
    }

    /** A heartbeat body: the node's load. */
    public static Map<String, Object> load(int cameras) {
        return Map.of("cameras", cameras, "ingressBps", cameras * 2_000_000L, "egressBps", 0, "viewers", 0, "cpu", 0.2);
    }

    /** A heartbeat body that reports these cameras (and only these) publishing at the node. */
    public static Map<String, Object> online(String... cameras) {
        Map<String, Object> body = new java.util.HashMap<>(load(cameras.length));
        body.put("onlineCameras", List.of(cameras));
        return body;
    }

    /** A heartbeat body with these cameras (and only these) reported as having B-frames. */
    public static Map<String, Object> withBFrames(Map<String, Object> body, String... cameras) {
        Map<String, Object> withBFrames = new java.util.HashMap<>(body);
        withBFrames.put("camerasWithBFrames", List.of(cameras));
        return withBFrames;
    }

    /** Sends a node's heartbeat and expects it accepted. */
    public static void heartbeat(TestZone zone, String nodeId, Map<String, Object> load) {
        postHeartbeat(zone.nodeKey(), nodeId, load).statusCode(200);
    }

    /** Sends {@code body} as node {@code nodeId}'s heartbeat with {@code nodeKey}; the caller checks the answer. */
    public static ValidatableResponse postHeartbeat(String nodeKey, String nodeId, Object body) {
        return asNode(nodeKey)
                .body(body)
                .post("/v1/nodes/" + nodeId + "/heartbeat")
                .then();
    }

    /**
     * Lets the control plane find a node dead as it would after watching its zone for an hour while the node stayed
     * silent: the lease ran out, a heartbeat of the witness (another node of the zone) suspects it, and a heartbeat
     * of the witness after the confirmation delay (simulated by moving the suspicion back) declares it dead.
     */
    public static void letDie(TestZone zone, String nodeId, String witnessId, Map<String, Object> witnessLoad) {
        TestEnvironment.sql("update zones set watched_since = now() - interval '1 hour', watched_at = now() "
                + "where id = '" + zone.id() + "'");
        TestEnvironment.sql(
                "update nodes set lease_expires_at = now() - interval '1 second' where id = '" + nodeId + "'");
        heartbeat(zone, witnessId, witnessLoad);
        TestEnvironment.sql(
                "update nodes set suspect_since = suspect_since - interval '1 minute' where id = '" + nodeId + "'");
        heartbeat(zone, witnessId, witnessLoad);
    }

    /** Records manufactured devices; returns their claim codes by serial. */
    public static Map<String, String> provision(String... serials) {
        List<Map<String, String>> devices = new java.util.ArrayList<>();
        Map<String, String> codes = new java.util.LinkedHashMap<>();
        for (String s : serials) {
            String code = "CODE-" + unique();
            codes.put(s, code);
            devices.add(Map.of("serial", s, "claimCode", code, "model", "ZC-Test"));
        }
        asOperator().body(Map.of("devices", devices)).post("/v1/devices").then().statusCode(200);
        return codes;
    }

    /** Registers one node of {@code capacity} cameras per name in the zone; returns their ids in order. */
    public static List<String> nodes(TestZone zone, int capacity, String... names) {
        List<String> ids = new ArrayList<>();
        for (String name : names) {
            ids.add(node(zone, name, capacity));
        }
        return ids;
    }

    /** Provisions and claims {@code count} cameras for an organization; returns their ids in claim order. */
    public static List<String> cameras(Org org, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(camera(org).getString("camera.id"));
        }
        return ids;
    }

    /** Provisions and claims a camera for an organization; returns the registration body. */
    public static JsonPath camera(Org org) {
        String serial = "SN-" + unique();
        String code = provision(serial).get(serial);
        return created(withKey(org.ownerKey())
                .body(Map.of("serial", serial, "claimCode", code, "name", "Cam " + serial))
                .post("/v1/cameras"));
    }

    /** A viewer-role API key of the organization, made by its owner. */
    public static String viewerKey(Org org) {
        return apiKey(org, "viewer " + unique(), "viewer");
    }

    /** A new API key of the organization named {@code name} with {@code role} (owner or viewer), made by its owner. */
    public static String apiKey(Org org, String name, String role) {
        return created(withKey(org.ownerKey())
                        .body(Map.of("name", name, "role", role))
                        .post("/v1/api-keys"))
                .get("key");
    }
}
