package io.zonecam.control.fleet;

import static io.zonecam.control.support.Answers.ok;
import static io.zonecam.control.support.Fixtures.asOperator;
import static io.zonecam.control.support.Fixtures.heartbeat;
import static io.zonecam.control.support.Fixtures.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.zonecam.control.support.ApiTest;
import io.zonecam.control.support.Fixtures;
import io.zonecam.control.support.Fixtures.Org;
import io.zonecam.control.support.Fixtures.TestZone;
import io.zonecam.control.support.TestEnvironment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Node liveness as the control plane judges it (LeaseJudge, README "Node liveness"), against PostgreSQL. An outage
 * of the control plane is set up as the database looks after it: the last node call it handled lies far back, and
 * every lease ran out meanwhile.
 */
@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
class FleetLivenessTest extends ApiTest {

    /** A zone of three nodes holding 30 cameras. */
    record World(Org org, TestZone zone, List<String> nodes, List<String> cameras) {}

    static World world() {
        Org org = Fixtures.organization();
        TestZone zone = Fixtures.zone(org.region(), 1000);
        List<String> nodes = Fixtures.nodes(zone, 100, "a", "b", "c");
        List<String> cameras = Fixtures.cameras(org, 30);
        nodes.forEach(node -> heartbeat(zone, node, load(10)));
        return new World(org, zone, nodes, cameras);
    }

    static Map<String, String> placement(World w) {
        return FleetApiTest.placement(w.org(), w.cameras());
    }

    static String state(String nodeId) {
        return ok(asOperator().get("/v1/nodes/" + nodeId)).get("state");
    }

    static int assigned(String nodeId) {
        return ok(asOperator().get("/v1/nodes/" + nodeId)).get("assignedCameras");
    }

    /** The database as a paused or cut-off control plane leaves it: nothing handled for a while, leases run out. */
    static void outage(TestZone zone, int seconds) {
        TestEnvironment.sql(
                "update zones set watched_since = now() - interval '1 hour', watched_at = now() - interval '" + seconds
                        + " seconds' where id = '" + zone.id() + "'");
        TestEnvironment.sql("update nodes set lease_expires_at = now() - interval '" + (seconds - 25)
                + " seconds' where zone_id = '" + zone.id() + "'");
    }

    @ParameterizedTest(name = "control plane blind for {0} s")
    @ValueSource(ints = {40, 70}) // SIGSTOP for 30 s; the database down for 60 s (each plus a heartbeat interval)
    void shouldDeclareNoNodeDeadWhenTheControlPlaneComesBack(int blindSeconds) {
        World w = world();
        Map<String, String> before = placement(w);
        outage(w.zone(), blindSeconds);

        // Back: node a's heartbeat is the first one handled, then a's again (a second sweep), then b and c.
        heartbeat(w.zone(), w.nodes().get(0), load(10));
        heartbeat(w.zone(), w.nodes().get(0), load(10));
        for (String node : w.nodes()) {
            assertThat(state(node)).as("node %s", node).isEqualTo("active");
        }
        heartbeat(w.zone(), w.nodes().get(1), load(10));
        heartbeat(w.zone(), w.nodes().get(2), load(10));
        assertThat(placement(w)).as("no camera moved").isEqualTo(before);
    }

    @Test
    void shouldGiveEveryNodeOneLeaseOfGraceAfterTheControlPlaneComesBack() {
        World w = world();
        String a = w.nodes().get(0);
        outage(w.zone(), 40);
        heartbeat(w.zone(), a, load(10));
        // 25 s after it came back (its watch restarted then), b and c are still within the grace of one lease (30 s).
        watchedLonger(w.zone(), 25);
        heartbeat(w.zone(), a, load(10));
        assertThat(suspects(w.zone())).as("nobody suspected within the grace").isZero();
        // 35 s after: b and c, still silent, are suspected (and not yet dead).
        watchedLonger(w.zone(), 10);
        heartbeat(w.zone(), a, load(10));
        assertThat(suspects(w.zone())).isEqualTo(2);
        assertThat(state(w.nodes().get(1))).isEqualTo("active");
    }

    static void watchedLonger(TestZone zone, int seconds) {
        TestEnvironment.sql("update zones set watched_since = watched_since - interval '" + seconds
                + " seconds' where id = '" + zone.id() + "'");
    }

    /** The zone watched for an hour, and {@code node}'s lease ran out a second ago: the next sweep suspects it. */
    static void leaseRanOut(TestZone zone, String node) {
        TestEnvironment.sql("update zones set watched_since = now() - interval '1 hour', watched_at = now() "
                + "where id = '" + zone.id() + "'");
        TestEnvironment.sql(
                "update nodes set lease_expires_at = now() - interval '1 second' where id = '" + node + "'");
    }

    static long suspects(TestZone zone) {
        return TestEnvironment.number(
                "select count(*) from nodes where suspect_since is not null and zone_id = '" + zone.id() + "'");
    }

    @Test
    void shouldDeclareASilentNodeDeadOnlyWhenALaterSweepConfirmsIt() {
        World w = world();
        String a = w.nodes().get(0);
        String b = w.nodes().get(1);
        Map<String, String> before = placement(w);
        leaseRanOut(w.zone(), b);

        heartbeat(w.zone(), a, load(10));
        assertThat(state(b)).as("suspected, not dead").isEqualTo("active");
        heartbeat(w.zone(), a, load(10));
        assertThat(state(b)).as("a second sweep within the confirmation delay").isEqualTo("active");
        assertThat(placement(w)).isEqualTo(before);

        // 10 s (fleet.confirm) after the suspicion, a's heartbeats still arriving: b is dead, its cameras move.
        TestEnvironment.sql(
                "update nodes set suspect_since = suspect_since - interval '10 seconds' where id = '" + b + "'");
        heartbeat(w.zone(), a, load(10));
        assertThat(state(b)).isEqualTo("dead");
        assertThat(assigned(b)).isZero();
        Map<String, String> after = placement(w);
        for (String camera : w.cameras()) {
            if (!before.get(camera).equals(after.get(camera))) {
                assertThat(before.get(camera)).as("only b's cameras move").isEqualTo(b);
            }
        }
    }

    @Test
    void shouldForgetASuspicionWhenTheNodeIsHeardFromAgain() {
        World w = world();
        String a = w.nodes().get(0);
        String b = w.nodes().get(1);
        leaseRanOut(w.zone(), b);
        heartbeat(w.zone(), a, load(10));
        heartbeat(w.zone(), b, load(10));
        TestEnvironment.sql("update nodes set suspect_since = now() - interval '1 minute' where id = '" + b
                + "' and suspect_since is not null");
        heartbeat(w.zone(), a, load(10));
        assertThat(state(b)).isEqualTo("active");
        assertThat(TestEnvironment.number(
                        "select count(*) from nodes where suspect_since is not null and id = '" + b + "'"))
                .isZero();
    }

    @Test
    void shouldGiveANodeThatComesBackItsShareWithoutAnOperator() {
        World w = world();
        String a = w.nodes().get(0);
        Fixtures.letDie(w.zone(), a, w.nodes().get(1), load(10));
        assertThat(assigned(a)).isZero();
        Map<String, String> withoutA = placement(w);

        // a restarts after its death and registers again.
        Fixtures.register(w.zone(), "a", 100).statusCode(200).body("state", equalTo("active"));

        Map<String, String> after = placement(w);
        int back = 0;
        int preferA = 0;
        for (String camera : w.cameras()) {
            String firstChoice = FleetApiTest.firstChoice(w.nodes(), 100, camera);
            preferA += firstChoice.equals(a) ? 1 : 0;
            if (!withoutA.get(camera).equals(after.get(camera))) {
                back++;
                assertThat(after.get(camera))
                        .as("cameras move only onto the node that came back")
                        .isEqualTo(a);
                assertThat(firstChoice)
                        .as("camera %s moves back to its first choice", camera)
                        .isEqualTo(a);
            }
        }
        // Every camera that ranks a first comes back, until a holds the zone's mean (30 / 3).
        assertThat(back).isEqualTo(Math.min(preferA, 10));
        assertThat(assigned(a)).isEqualTo(back);
        assertThat(assigned(a) + assigned(w.nodes().get(1)) + assigned(w.nodes().get(2)))
                .isEqualTo(30);
    }
}
