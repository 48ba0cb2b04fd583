package io.zonecam.control.fleet;

import static io.zonecam.control.support.Fixtures.asNode;
import static io.zonecam.control.support.Fixtures.heartbeat;
import static io.zonecam.control.support.Fixtures.postHeartbeat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.zonecam.control.support.ApiTest;
import io.zonecam.control.support.Fixtures;
import io.zonecam.control.support.Fixtures.Org;
import io.zonecam.control.support.Fixtures.TestZone;
import io.zonecam.control.support.TestEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CameraPresenceApiTest checks what the API says of a camera from what nodes report on their heartbeats: online at
 * the node it publishes to, offline, not publishing (heard only on the device bus) and live view refused for
 * B-frames. Each test starts with an organization of two claimed cameras and a zone of two nodes, a and b.
 */
@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
class CameraPresenceApiTest extends ApiTest {

    Org org;
    TestZone zone;
    String a;
    String b;
    String c1;
    String c2;

    @BeforeEach
    void twoNodesAndTwoCameras() {
        org = Fixtures.organization();
        zone = Fixtures.zone(org.region(), 100);
        a = Fixtures.node(zone, "a", 100);
        b = Fixtures.node(zone, "b", 100);
        c1 = Fixtures.camera(org).getString("camera.id");
        c2 = Fixtures.camera(org).getString("camera.id");
    }

    @Test
    void shouldShowCamerasWhoseLiveViewTheNodeRefusesForBFrames() {
        Fixtures.withKey(org.ownerKey()).get("/v1/cameras/" + c1).then().body("liveView", equalTo("ok"));

        // a reports c1 with B-frames: the API shows it, on the camera and in the list; c2 is fine.
        heartbeat(zone, a, Fixtures.withBFrames(Fixtures.online(c1, c2), c1));
        Fixtures.withKey(org.ownerKey())
                .get("/v1/cameras/" + c1)
                .then()
                .statusCode(200)
                .body("status", equalTo("online"))
                .body("liveView", equalTo("unsupported_b_frames"));
        Fixtures.withKey(org.ownerKey()).get("/v1/cameras/" + c2).then().body("liveView", equalTo("ok"));
        Fixtures.withKey(org.ownerKey())
                .get("/v1/cameras")
                .then()
                .body("items.find { it.id == '" + c1 + "' }.liveView", equalTo("unsupported_b_frames"));

        // A heartbeat without the field leaves it as it was (a node that does not report health).
        heartbeat(zone, a, Fixtures.online(c1, c2));
        Fixtures.withKey(org.ownerKey())
                .get("/v1/cameras/" + c1)
                .then()
                .body("liveView", equalTo("unsupported_b_frames"));

        // A node the camera does not publish to cannot flag it.
        heartbeat(zone, b, Fixtures.withBFrames(Fixtures.online(), c2));
        Fixtures.withKey(org.ownerKey()).get("/v1/cameras/" + c2).then().body("liveView", equalTo("ok"));

        // The camera is set to send no B-frames: the next heartbeat without it clears the flag.
        heartbeat(zone, a, Fixtures.withBFrames(Fixtures.online(c1, c2)));
        Fixtures.withKey(org.ownerKey()).get("/v1/cameras/" + c1).then().body("liveView", equalTo("ok"));

        // Flagged again, then it goes offline: nothing is known about a camera not publishing.
        heartbeat(zone, a, Fixtures.withBFrames(Fixtures.online(c1, c2), c1));
        Fixtures.withKey(org.ownerKey())
                .get("/v1/cameras/" + c1)
                .then()
                .body("liveView", equalTo("unsupported_b_frames"));
        heartbeat(zone, a, Fixtures.withBFrames(Fixtures.online(c2)));
        Fixtures.withKey(org.ownerKey())
                .get("/v1/cameras/" + c1)
                .then()
                .body("status", equalTo("offline"))
                .body("liveView", equalTo("ok"));

        // The list is bounded like onlineCameras.
        Map<String, Object> tooMany = new java.util.HashMap<>(Fixtures.online());
        tooMany.put("camerasWithBFrames", java.util.Collections.nCopies(10_001, c1));
        postHeartbeat(zone.nodeKey(), a, tooMany).statusCode(400);
    }

    @Test
    void shouldWriteNothingOnASteadyHeartbeatAndOnlyWhatChangedOtherwise() {
        heartbeat(zone, a, Fixtures.online(c1, c2));
        long events = eventsOf(org);
        long c1Version = rowVersion(c1);
        long c2Version = rowVersion(c2);

        // The same list again (the common heartbeat): no camera row is written, no event recorded.
        heartbeat(zone, a, Fixtures.online(c2, c1));
        heartbeat(zone, a, Fixtures.online(c1, c2));
        assertThat(rowVersion(c1)).isEqualTo(c1Version);
        assertThat(rowVersion(c2)).isEqualTo(c2Version);
        assertThat(eventsOf(org)).isEqualTo(events);

        // c1 leaves: only c1 is written (offline, with a gap begun), c2 is untouched.
        heartbeat(zone, a, Fixtures.online(c2));
        assertThat(rowVersion(c2)).isEqualTo(c2Version);
        Fixtures.withKey(org.ownerKey()).get("/v1/cameras/" + c1).then().body("status", equalTo("offline"));
        assertThat(TestEnvironment.number("select count(*) from events where " + "camera_id = '" + c1
                        + "' and type in ('camera.offline', 'recording.gap.begun')"))
                .isEqualTo(2);
    }

    private static long eventsOf(Org org) {
        return TestEnvironment.number("select count(*) from events where organization_id = '" + org.id() + "'");
    }

    /** The transaction that last wrote the camera's row (xmin): unchanged when nothing wrote it. */
    private static long rowVersion(String cameraId) {
        return TestEnvironment.number(
                "select cast(cast(xmin as text) as bigint) from cameras where id = '" + cameraId + "'");
    }

    @Test
    void shouldShowCamerasOnTheDeviceBusThatPublishNowhereAsNotPublishing() {
        Instant t0 = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);

        // c1 says on the bus it publishes to a, but no node hears its video: not_publishing, with what it said.
        heartbeat(zone, b, withBus(Fixtures.online(), busState(c1, "connected", "rtsp://10.0.0.7:8554", "m-1", t0)));
        Fixtures.withKey(org.ownerKey())
                .get("/v1/cameras/" + c1)
                .then()
                .statusCode(200)
                .body("status", equalTo("not_publishing"))
                .body("bus.state", equalTo("connected"))
                .body("bus.publishingTo", equalTo("rtsp://10.0.0.7:8554"))
                .body("bus.lastCommandId", equalTo("m-1"))
                .body("bus.reportedAt", equalTo(t0.toString()));
        Fixtures.withKey(org.ownerKey()).get("/v1/cameras/" + c2).then().body("status", equalTo("registered"));
        Fixtures.withKey(org.ownerKey())
                .queryParam("status", "not_publishing")
                .get("/v1/cameras")
                .then()
                .body("items.id", equalTo(List.of(c1)));
        Fixtures.withKey(org.ownerKey())
                .queryParam("status", "registered")
                .get("/v1/cameras")
                .then()
                .body("items.id", equalTo(List.of(c2)));

        // Its video arrives at a: online, whatever the bus says.
        heartbeat(zone, a, Fixtures.online(c1));
        Fixtures.withKey(org.ownerKey()).get("/v1/cameras/" + c1).then().body("status", equalTo("online"));

        // A state older than the one held (a node's late retry) changes nothing; a newer last will does.
        heartbeat(zone, a, withBus(Fixtures.online(), busState(c1, "disconnected", null, null, t0.minusSeconds(5))));
        Fixtures.withKey(org.ownerKey())
                .get("/v1/cameras/" + c1)
                .then()
                .body("status", equalTo("not_publishing"))
                .body("bus.state", equalTo("connected"));
        heartbeat(zone, a, withBus(Fixtures.online(), busState(c1, "disconnected", null, null, t0.plusSeconds(5))));
        Fixtures.withKey(org.ownerKey())
                .get("/v1/cameras/" + c1)
                .then()
                .body("status", equalTo("offline"))
                .body("bus.state", equalTo("disconnected"))
                .body("bus.publishingTo", nullValue());

        // A camera clock far ahead is dated now, so it cannot pin its state against later reports.
        Instant future = Instant.now().plus(Duration.ofDays(30));
        heartbeat(zone, b, withBus(Fixtures.online(), busState(c2, "connected", null, null, future)));
        heartbeat(
                zone,
                b,
                withBus(
                        Fixtures.online(),
                        busState(c2, "disconnected", null, null, Instant.now().plusSeconds(1))));
        Fixtures.withKey(org.ownerKey()).get("/v1/cameras/" + c2).then().body("bus.state", equalTo("disconnected"));

        // Bad states are refused whole, and nothing of them is stored.
        asNode(zone.nodeKey())
                .body(withBus(Fixtures.online(), busState(c1, "asleep", null, null, t0.plusSeconds(9))))
                .post("/v1/nodes/" + a + "/heartbeat")
                .then()
                .statusCode(400);
        Fixtures.withKey(org.ownerKey()).get("/v1/cameras/" + c1).then().body("bus.state", equalTo("disconnected"));
    }

    @Test
    void shouldTrackCamerasOnlineAtTheNodeTheyPublishTo() {
        heartbeat(zone, a, Fixtures.online(c1, c2));
        Fixtures.withKey(org.ownerKey()).get("/v1/cameras/" + c1).then().body("status", equalTo("online"));
        Fixtures.withKey(org.ownerKey())
                .queryParam("status", "online")
                .get("/v1/cameras")
                .then()
                .body("items.size()", equalTo(2));

        // c2 moves to b: b reports it before a stops reporting it; it stays online throughout.
        heartbeat(zone, b, Fixtures.online(c2));
        Fixtures.withKey(org.ownerKey()).get("/v1/cameras/" + c2).then().body("status", equalTo("online"));
        heartbeat(zone, a, Fixtures.online(c1));
        Fixtures.withKey(org.ownerKey()).get("/v1/cameras/" + c2).then().body("status", equalTo("online"));

        // c1 goes away from a: offline.
        heartbeat(zone, a, Fixtures.online());
        Fixtures.withKey(org.ownerKey()).get("/v1/cameras/" + c1).then().body("status", equalTo("offline"));

        // b dies: the camera it reported is offline until another node reports it.
        Fixtures.letDie(zone, b, a, Fixtures.online());
        Fixtures.withKey(org.ownerKey()).get("/v1/cameras/" + c2).then().body("status", equalTo("offline"));
    }

    @SafeVarargs
    private static Map<String, Object> withBus(Map<String, Object> body, Map<String, Object>... states) {
        Map<String, Object> withBus = new java.util.HashMap<>(body);
        withBus.put("busStates", List.of(states));
        return withBus;
    }

    private static Map<String, Object> busState(
            String camera, String state, String publishingTo, String commandId, Instant at) {
        Map<String, Object> s = new java.util.HashMap<>();
        s.put("cameraId", camera);
        s.put("state", state);
        s.put("publishingTo", publishingTo);
        s.put("lastCommandId", commandId);
        s.put("reportedAt", at.toString());
        return s;
    }
}
