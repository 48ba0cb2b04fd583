package io.zonecam.control.event;

import static io.zonecam.control.support.Fixtures.withKey;

import io.restassured.path.json.JsonPath;
import io.zonecam.control.support.ApiTest;
import io.zonecam.control.support.Fixtures;
import io.zonecam.control.support.Fixtures.Org;
import io.zonecam.control.support.Fixtures.TestZone;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;

/** EventTestBase gives event tests an organization with one camera and a zone with one node, and the events search. */
abstract class EventTestBase extends ApiTest {

    Org org;
    TestZone zone;
    String node;
    String camera;

    @BeforeEach
    void setUpCameraAndNode() {
        org = Fixtures.organization();
        zone = Fixtures.zone(org.region(), 100);
        node = Fixtures.node(zone, "n-" + Fixtures.unique(), 100);
        camera = Fixtures.camera(org).getString("camera.id");
    }

    /** One page of the organization's events for {@code query}, checked against the spec. */
    JsonPath events(Map<String, ?> query) {
        return withKey(org.ownerKey())
                .queryParams(query)
                .get("/v1/events")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }
}
