package io.zonecam.control.event;

import static io.zonecam.control.support.Answers.ok;
import static io.zonecam.control.support.Fixtures.withKey;

import io.restassured.path.json.JsonPath;
import io.zonecam.control.support.CameraAndNodeTest;
import java.util.Map;

/** EventTestBase gives event tests the events search, on top of {@link CameraAndNodeTest}'s organization and node. */
abstract class EventTestBase extends CameraAndNodeTest {

    /** One page of the organization's events for {@code query}, checked against the spec. */
    JsonPath events(Map<String, ?> query) {
        return ok(withKey(org.ownerKey()).queryParams(query).get("/v1/events"));
    }
}
