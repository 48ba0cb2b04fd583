package io.zonecam.control.support;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With PostgreSQL unreachable the API answers 503 problem+json with Retry-After, for every kind of caller. */
@QuarkusTest
@TestProfile(DatabaseDownTest.Unreachable.class)
@QuarkusTestResource(TestEnvironment.class)
class DatabaseDownTest extends ApiTest {

    /** Points the reactive client at a port where nothing listens. */
    public static class Unreachable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.datasource.reactive.url",
                    "postgresql://127.0.0.1:1/nowhere",
                    "quarkus.flyway.migrate-at-start",
                    "false",
                    "quarkus.flyway.clean-at-start",
                    "false");
        }
    }

    @Test
    void shouldAnswerServiceUnavailableToUsers() {
        given().auth()
                .oauth2(Fixtures.operatorToken())
                .get("/v1/zones")
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("detail", containsString("database is unavailable"));
        given().auth()
                .oauth2(Fixtures.operatorToken())
                .contentType(ContentType.JSON)
                .body(Map.of("name", "Acme"))
                .post("/v1/organizations")
                .then()
                .statusCode(503);
    }

    @Test
    void shouldAnswerServiceUnavailableToApiKeysAndDevicesRatherThanRefusingThem() {
        given().header("X-Api-Key", "zk_abcdefghijkm_secret")
                .get("/v1/cameras")
                .then()
                .statusCode(503)
                .header("Retry-After", notNullValue());
        given().auth()
                .preemptive()
                .basic("6a1d2c44-3f0e-4b8e-9c59-5e0f3b8f2a11", "zd_x")
                .post("/v1/devices/token")
                .then()
                .statusCode(503);
    }

    @Test
    void shouldReportNotReady() {
        given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
    }
}
