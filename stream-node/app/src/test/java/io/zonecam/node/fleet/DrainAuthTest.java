package io.zonecam.node.fleet;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.zonecam.node.auth.DrainState;
import io.zonecam.node.support.NodeTestEnvironment;
import jakarta.inject.Inject;
import java.net.URL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The drain endpoint on the management port moves cameras only for a caller with the zone's node key. */
@QuarkusTest
@QuarkusTestResource(NodeTestEnvironment.class)
class DrainAuthTest {

    @TestHTTPResource(value = "/", management = true)
    URL management;

    URL drain;

    @BeforeEach
    void drainUrl() throws Exception {
        drain = new URL(management, "/admin/drain");
    }

    @Inject
    DrainCoordinator coordinator;

    @Inject
    DrainState state;

    @AfterEach
    void stopDraining() {
        coordinator.cancel();
    }

    @Test
    void shouldRefuseToDrainOrReportWithoutTheZonesNodeKey() {
        for (String key : new String[] {null, "", "wrong-key", NodeTestEnvironment.NODE_KEY + "x"}) {
            var post = given();
            var get = given();
            if (key != null) {
                post.header("X-Node-Key", key);
                get.header("X-Node-Key", key);
            }
            post.post(drain).then().statusCode(401).contentType("application/problem+json");
            get.get(drain).then().statusCode(401).contentType("application/problem+json");
        }
        assertThat(state.draining()).isFalse();
    }

    @Test
    void shouldDrainWithTheZonesNodeKey() {
        given().header("X-Node-Key", NodeTestEnvironment.NODE_KEY)
                .post(drain)
                .then()
                .statusCode(202)
                .body("state", anyOf(equalTo("draining"), equalTo("drained")));
        assertThat(state.draining()).isTrue();
        given().header("X-Node-Key", NodeTestEnvironment.NODE_KEY)
                .get(drain)
                .then()
                .statusCode(200)
                .body("cameras", equalTo(0));
    }
}
