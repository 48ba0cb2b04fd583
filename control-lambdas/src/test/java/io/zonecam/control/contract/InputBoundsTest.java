package io.zonecam.control.contract;

import static io.restassured.RestAssured.given;
import static io.zonecam.control.support.Fixtures.asOperator;
import static io.zonecam.control.support.Fixtures.withKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.zonecam.control.support.ApiTest;
import io.zonecam.control.support.Fixtures;
import io.zonecam.control.support.Fixtures.Org;
import io.zonecam.control.support.TestEnvironment;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every string, time and number of the API has the bounds the spec states, and the server enforces them with 400
 * problem+json (issue 11 item 5): NUL in a name, expanded-year and epoch-number times, {@code limit=abc}, names
 * counted in characters; and requests too large for the HTTP layer get 413/414/431 problem+json, not empty bodies.
 */
@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
class InputBoundsTest extends ApiTest {

    @Test
    void shouldRefuseControlCharactersInNamesWith400() {
        Org org = Fixtures.organization();
        String serial = "SN-" + Fixtures.unique();
        String code = Fixtures.provision(serial).get(serial);
        withKey(org.ownerKey())
                .body(Map.of("serial", serial, "claimCode", code, "name", "dock\u0000north"))
                .post("/v1/cameras")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("name"));
        String camera = Fixtures.camera(org).getString("camera.id");
        for (String bad : List.of("a\u0000b", "line\nbreak", "esc\u001b[31m", "lone \ud800 surrogate", "c1\u0085")) {
            withKey(org.ownerKey())
                    .body(Map.of("name", bad))
                    .patch("/v1/cameras/" + camera)
                    .then()
                    .statusCode(400)
                    .body("errors.field", hasItem("name"));
        }
        asOperator()
                .body(Map.of("name", "Acme\u0000", "region", "r-" + Fixtures.unique()))
                .post("/v1/organizations")
                .then()
                .statusCode(400);
        withKey(org.ownerKey())
                .queryParam("q", "dock\u0000")
                .get("/v1/cameras")
                .then()
                .statusCode(400);
    }

    @Test
    void shouldCountNamesInCharactersNotUtf16Units() {
        Org org = Fixtures.organization();
        String camera = Fixtures.camera(org).getString("camera.id");
        String camerasEmoji = "\uD83D\uDCF7"; // one character, two UTF-16 units
        String longest = camerasEmoji.repeat(200);
        withKey(org.ownerKey())
                .body(Map.of("name", longest))
                .patch("/v1/cameras/" + camera)
                .then()
                .statusCode(200)
                .body("name", equalTo(longest));
        withKey(org.ownerKey())
                .body(Map.of("name", longest + "x"))
                .patch("/v1/cameras/" + camera)
                .then()
                .statusCode(400)
                .body("errors[0].message", containsString("200 characters"));
    }

    @Test
    void shouldTakeOnlyRfc3339TimesWithinTheRecordedBounds() {
        Org org = Fixtures.organization();
        Fixtures.node(Fixtures.zone(org.region(), 100), "n-" + Fixtures.unique(), 100);
        String camera = Fixtures.camera(org).getString("camera.id");
        Instant from = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        String path = "/v1/cameras/" + camera + "/playback/recorded";
        // Each range would be 10 minutes long if its times were read leniently, as they were.
        List<List<Object>> ranges = List.of(
                List.of("-999999999-01-01T00:00:00Z", "-999999999-01-01T00:10:00Z", "RFC 3339"),
                List.of(1_700_000_000, 1_700_000_600, "RFC 3339"),
                List.of(1_700_000_000.5, 1_700_000_600.5, "RFC 3339"),
                List.of("2026-11-26T10:00Z", "2026-11-26T10:10Z", "RFC 3339"),
                List.of("2026-13-01T00:00:00Z", "2026-13-01T00:10:00Z", "RFC 3339"),
                List.of("1999-12-31T23:50:00Z", "1999-12-31T23:59:59Z", "2000-01-01"));
        for (List<Object> range : ranges) {
            withKey(org.ownerKey())
                    .body(Map.of("from", range.get(0), "to", range.get(1)))
                    .post(path)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("detail", containsString((String) range.get(2)));
        }
        withKey(org.ownerKey())
                .body(Map.of("from", from.toString(), "to", from.plusSeconds(60).toString()))
                .post(path)
                .then()
                .statusCode(200);
        withKey(org.ownerKey())
                .body(Map.of("from", "2026-11-26T10:00:00+01:00", "to", "2026-11-26T10:15:00.5Z"))
                .post(path)
                .then()
                .statusCode(200);
        withKey(org.ownerKey())
                .body(Map.of("from", from.toString(), "to", 1_700_000_000))
                .post(path)
                .then()
                .statusCode(400)
                .body("detail", containsString("RFC 3339"));
    }

    @Test
    void shouldAnswerNonNumericLimitsAndBadIdsWith400() {
        Org org = Fixtures.organization();
        for (String limit : List.of("abc", "1e3", "99999999999999", "-1", "0", "501")) {
            withKey(org.ownerKey())
                    .queryParam("limit", limit)
                    .get("/v1/cameras")
                    .then()
                    .statusCode(400)
                    .body("errors.field", hasItem("limit"));
        }
        Fixtures.TestZone zone = Fixtures.zone(org.region(), 10);
        String node = Fixtures.node(zone, "n-" + Fixtures.unique(), 10);
        Fixtures.asNode(zone.nodeKey())
                .queryParam("limit", "abc")
                .get("/v1/nodes/" + node + "/assignments")
                .then()
                .statusCode(400);
        asOperator().get("/v1/zones/Not_A_Zone").then().statusCode(400);
        asOperator().queryParam("zone", "z\u0000").get("/v1/nodes").then().statusCode(400);
    }

    @Test
    void shouldAnswerOversizedRequestsWithProblems() {
        Org org = Fixtures.organization();
        assertProblem(
                given().noFilters()
                        .header("X-Api-Key", org.ownerKey())
                        .queryParam("q", "x".repeat(3000))
                        .get("/v1/cameras"),
                414);
        assertProblem(
                given().noFilters()
                        .header("X-Api-Key", org.ownerKey())
                        .header("X-Padding", "y".repeat(20 * 1024))
                        .get("/v1/cameras"),
                431);
        assertProblem(
                given().noFilters()
                        .header("X-Api-Key", org.ownerKey())
                        .contentType("application/json")
                        .body("{\"name\":\"" + "z".repeat(1_100_000) + "\"}")
                        .post("/v1/organizations"),
                413);
    }

    private static void assertProblem(Response r, int status) {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.jsonPath().getInt("status")).isEqualTo(status);
        assertThat(r.jsonPath().getString("type")).startsWith("https://zonecam.io/problems/");
        assertThat(r.jsonPath().getString("detail")).isNotBlank();
    }
}
