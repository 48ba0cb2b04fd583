package io.zonecam.control.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
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
        return given().contentType(ContentType.JSON)
                .body(body)
                .post("/v1/dev/tokens")
                .then()
                .statusCode(200)
                .extract()
                .path("token");
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
        JsonPath created = asOperator()
                .body(Map.of("name", "Org " + region, "region", region))
                .post("/v1/organizations")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        return new Org(created.getString("organization.id"), created.getString("apiKey.key"), region);
    }

    /** A zone of a region and its node enrollment key. */
    public record TestZone(String id, String region, String nodeKey) {}

    public static TestZone zone(String region, int capacity) {
        String id = "z-" + unique();
        JsonPath created = asOperator()
                .body(Map.of("id", id, "region", region, "capacity", capacity))
                .post("/v1/zones")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        return new TestZone(id, region, created.getString("nodeEnrollmentKey"));
    }

    /** Registers an active node in the zone; returns its id. */
    public static String node(TestZone zone, String name, int capacity) {
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
                .then()
                .statusCode(201)
                .extract()
                .path("id");
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

    /** Provisions and claims a camera for an organization; returns the registration body. */
    public static JsonPath camera(Org org) {
        String serial = "SN-" + unique();
        String code = provision(serial).get(serial);
        return withKey(org.ownerKey())
                .body(Map.of("serial", serial, "claimCode", code, "name", "Cam " + serial))
                .post("/v1/cameras")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
    }
}
