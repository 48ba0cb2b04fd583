package io.zonecam.control.fleet;

import static io.zonecam.control.fleet.FleetLivenessTest.state;
import static io.zonecam.control.support.Fixtures.asNode;
import static io.zonecam.control.support.Fixtures.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.zonecam.control.support.ApiTest;
import io.zonecam.control.support.Fixtures;
import io.zonecam.control.support.Fixtures.Org;
import io.zonecam.control.support.Fixtures.TestZone;
import io.zonecam.control.support.TestEnvironment;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Node liveness in real time, with a 3 s lease (blind after 1.5 s, confirm after 1 s) and nodes heartbeating every
 * 300 ms: the control plane hears no heartbeat for longer than a lease (as when it is paused or its database is
 * down), then hears them again and declares nobody dead; a node that then really stops is declared dead within
 * lease + confirm + two heartbeat intervals.
 */
@QuarkusTest
@TestProfile(FleetLivenessRealTimeTest.ShortLease.class)
@QuarkusTestResource(TestEnvironment.class)
class FleetLivenessRealTimeTest extends ApiTest {

    static final Duration LEASE = Duration.ofSeconds(3);
    static final Duration CONFIRM = Duration.ofSeconds(1);
    static final Duration INTERVAL = Duration.ofMillis(300);

    /** The short lease; the other liveness settings follow from it. */
    public static class ShortLease implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("zonecam.fleet.lease", LEASE.toString());
        }
    }

    private final ScheduledExecutorService nodes = Executors.newSingleThreadScheduledExecutor();
    private final Set<String> beating = ConcurrentHashMap.newKeySet();

    @AfterEach
    void stop() {
        nodes.shutdownNow();
    }

    @Test
    void shouldSurviveAnOutageAndStillFindARealDeathInTime() {
        Org org = Fixtures.organization();
        TestZone zone = Fixtures.zone(org.region(), 100);
        String a = Fixtures.node(zone, "a", 100);
        String b = Fixtures.node(zone, "b", 100);
        for (int i = 0; i < 4; i++) {
            Fixtures.camera(org);
        }
        nodes.scheduleAtFixedRate(
                () -> beating.forEach(node -> {
                    try {
                        asNode(zone.nodeKey()).body(load(2)).post("/v1/nodes/" + node + "/heartbeat");
                    } catch (RuntimeException e) {
                        // A node keeps heartbeating whatever one answer was; the assertions read the node states.
                    }
                }),
                0,
                INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);

        // The control plane hears nothing for longer than a lease, as when it is paused or its database is down.
        awaitSilence(zone, LEASE.plusSeconds(1));
        beating.add(a);
        beating.add(b);
        await().atMost(Duration.ofSeconds(5)).until(() -> silence(zone) < 1.0);
        // Both nodes' leases ran out during the outage; for the next lease the control plane hears both and judges.
        long resumed = System.nanoTime();
        await().pollInterval(Duration.ofMillis(200))
                .during(LEASE.plus(CONFIRM))
                .atMost(LEASE.plus(CONFIRM).plusSeconds(3))
                .until(() -> state(a).equals("active") && state(b).equals("active"));
        assertThat(Duration.ofNanos(System.nanoTime() - resumed)).isGreaterThanOrEqualTo(LEASE.plus(CONFIRM));

        // b really stops.
        beating.remove(b);
        long stopped = System.nanoTime();
        // Documented: within lease + confirm + two heartbeat intervals of the other nodes; 2 s for the requests.
        await().pollInterval(Duration.ofMillis(100))
                .atMost(LEASE.plus(CONFIRM).plus(INTERVAL.multipliedBy(2)).plusSeconds(2))
                .until(() -> state(b).equals("dead"));
        Duration detected = Duration.ofNanos(System.nanoTime() - stopped);
        System.out.printf(
                "a node that stopped heartbeating was declared dead after %d ms (lease %s)%n",
                detected.toMillis(), LEASE);
        assertThat(detected).as("not before its lease ran out").isGreaterThanOrEqualTo(LEASE);
        assertThat(state(a)).isEqualTo("active");
    }

    /** Seconds since the control plane last handled a node call of the zone. */
    static double silence(TestZone zone) {
        return TestEnvironment.number("select (extract(epoch from now() - watched_at) * 1000)::bigint from zones "
                        + "where id = '" + zone.id() + "'")
                / 1000.0;
    }

    static void awaitSilence(TestZone zone, Duration silence) {
        await().pollInterval(Duration.ofMillis(200))
                .atMost(silence.plusSeconds(5))
                .until(() -> silence(zone) > silence.toMillis() / 1000.0);
    }
}
