package io.zonecam.control.tenant;

import static io.restassured.RestAssured.given;
import static io.zonecam.control.support.Answers.ok;
import static io.zonecam.control.support.Fixtures.withKey;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.zonecam.control.support.ApiTest;
import io.zonecam.control.support.Fixtures;
import io.zonecam.control.support.Fixtures.Org;
import io.zonecam.control.support.TestEnvironment;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tenants are walls: one organization's credentials never reach another's cameras, keys or URLs. */
@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
class TenantWallTest extends ApiTest {

    @Test
    void shouldAnswerNotFoundForEveryCallOnAnotherOrganizationsCamera() {
        Org a = Fixtures.organization();
        Org b = Fixtures.organization();
        Fixtures.node(Fixtures.zone(a.region(), 100), "n-" + Fixtures.unique(), 100);
        String camera = Fixtures.camera(a).getString("camera.id");
        String path = "/v1/cameras/" + camera;
        String from = Instant.now().minusSeconds(600).toString();
        String to = Instant.now().minusSeconds(60).toString();

        withKey(b.ownerKey()).get(path).then().statusCode(404).body("detail", equalTo("No camera " + camera + "."));
        withKey(b.ownerKey()).body(Map.of("name", "stolen")).patch(path).then().statusCode(404);
        withKey(b.ownerKey()).delete(path).then().statusCode(404);
        withKey(b.ownerKey()).get(path + "/assignment").then().statusCode(404);
        withKey(b.ownerKey()).post(path + "/playback/live").then().statusCode(404);
        withKey(b.ownerKey())
                .body(Map.of("from", from, "to", to))
                .post(path + "/playback/recorded")
                .then()
                .statusCode(404);
        withKey(b.ownerKey()).get("/v1/cameras").then().statusCode(200).body("items.id", not(hasItem(camera)));
        String userOfB = Fixtures.userToken(b.id(), "owner");
        given().auth().oauth2(userOfB).get(path).then().statusCode(404);
        given().auth().oauth2(userOfB).get("/v1/organizations/" + a.id()).then().statusCode(404);

        // The owner still sees it, untouched.
        withKey(a.ownerKey()).get(path).then().statusCode(200).body("name", not(equalTo("stolen")));
    }

    @Test
    void shouldNotRevokeAnotherOrganizationsKey() {
        Org a = Fixtures.organization();
        Org b = Fixtures.organization();
        String keyOfA = ok(withKey(a.ownerKey()).get("/v1/api-keys")).get("[0].id");
        withKey(b.ownerKey()).delete("/v1/api-keys/" + keyOfA).then().statusCode(404);
        withKey(a.ownerKey()).get("/v1/cameras").then().statusCode(200);
    }

    @Test
    void shouldLetViewersReadButNotChange() {
        Org org = Fixtures.organization();
        String viewerKey = Fixtures.viewerKey(org);
        String camera = Fixtures.camera(org).getString("camera.id");

        withKey(viewerKey).get("/v1/cameras/" + camera).then().statusCode(200);
        withKey(viewerKey)
                .body(Map.of("name", "x"))
                .patch("/v1/cameras/" + camera)
                .then()
                .statusCode(403);
        withKey(viewerKey).delete("/v1/cameras/" + camera).then().statusCode(403);
        withKey(viewerKey).get("/v1/api-keys").then().statusCode(403);
        withKey(viewerKey)
                .body(Map.of("serial", "X1", "claimCode", "1234567890"))
                .post("/v1/cameras")
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(Fixtures.userToken(org.id(), "viewer"))
                .delete("/v1/cameras/" + camera)
                .then()
                .statusCode(403);
    }

    @Test
    void shouldRefuseMissingRevokedForgedAndExpiredCredentials() {
        Org org = Fixtures.organization();
        given().get("/v1/cameras").then().statusCode(401).contentType("application/problem+json");
        withKey("zk_notakeyatall").get("/v1/cameras").then().statusCode(401);
        withKey(org.ownerKey() + "x").get("/v1/cameras").then().statusCode(401);

        String second = Fixtures.apiKey(org, "temp", "owner");
        String secondId = ok(withKey(second).get("/v1/api-keys")).get("find { it.name == 'temp' }.id");
        withKey(org.ownerKey()).delete("/v1/api-keys/" + secondId).then().statusCode(204);
        withKey(second).get("/v1/cameras").then().statusCode(401);

        String token = Fixtures.userToken(org.id(), "owner");
        given().auth().oauth2(token).get("/v1/cameras").then().statusCode(200);
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1])).replace("\"owner\"", "\"operator\"");
        String altered = parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes()) + "." + parts[2];
        given().auth().oauth2(altered).get("/v1/zones").then().statusCode(401);
        String expired = TestEnvironment.signUserToken(
                "https://dev.zonecam.local", Instant.now().minusSeconds(120), org.id(), "owner");
        given().auth().oauth2(expired).get("/v1/cameras").then().statusCode(401);
        String otherIssuer = TestEnvironment.signUserToken(
                "https://evil.example", Instant.now().plusSeconds(600), org.id(), "owner");
        given().auth().oauth2(otherIssuer).get("/v1/cameras").then().statusCode(401);
        String stillValid = TestEnvironment.signUserToken(
                "https://dev.zonecam.local", Instant.now().plusSeconds(600), org.id(), "owner");
        given().auth().oauth2(stillValid).get("/v1/cameras").then().statusCode(200);
        given().auth().oauth2("not.a.jwt").get("/v1/cameras").then().statusCode(401);
    }

    @Test
    void shouldKeepOperatorCallsFromOrganizationsAndNodes() {
        Org org = Fixtures.organization();
        var zone = Fixtures.zone(org.region(), 10);
        withKey(org.ownerKey()).get("/v1/zones").then().statusCode(403);
        given().auth()
                .oauth2(Fixtures.userToken(org.id(), "owner"))
                .contentType(ContentType.JSON)
                .body(Map.of("name", "evil"))
                .post("/v1/organizations")
                .then()
                .statusCode(403);
        Fixtures.asNode(zone.nodeKey()).get("/v1/zones").then().statusCode(403);
        Fixtures.asNode(zone.nodeKey()).get("/v1/cameras").then().statusCode(403);
    }
}
