package io.zonecam.control.support;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
class HealthAndMetricsTest {

    @Test
    void shouldReportReadyWithTheDatabaseCheck() {
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body(containsString("PostgreSQL (reactive pool)"));
    }

    @Test
    void shouldExposeAllocationMetrics() {
        Fixtures.Org org = Fixtures.organization();
        Fixtures.node(Fixtures.zone(org.region(), 10), "m-" + Fixtures.unique(), 10);
        Fixtures.camera(org);
        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("zonecam_allocations_total{outcome=\"placed\"}"));
    }
}
