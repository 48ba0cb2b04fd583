package io.zonecam.control.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.zonecam.control.config.ZonecamConfig;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * AllocationServiceTest checks that a zone whose count has room its live nodes do not have (a node's lease ran out)
 * does not leave a camera unplaced while another zone has room: the zone is marked full and the next one tried.
 */
class AllocationServiceTest {

    static final UUID DEAD = new UUID(0, 1);
    static final UUID LIVE = new UUID(0, 2);

    /** Zone a counts room and an active node, but its one node's lease ran out; zone b has a live node with room. */
    final FleetReader reader = new FleetReader() {
        @Override
        public Uni<List<Object[]>> zoneRows() {
            return Uni.createFrom()
                    .item(List.of(
                            new Object[] {"a", "eu", "open", 100, 0, 1}, new Object[] {"b", "eu", "open", 100, 50, 1}));
        }

        @Override
        public Uni<List<Object[]>> nodeRows(String zoneId) {
            return Uni.createFrom()
                    .item(List.<Object[]>of(
                            "a".equals(zoneId)
                                    ? new Object[] {DEAD, 0, 100, false}
                                    : new Object[] {LIVE, 50, 100, true}));
        }
    };

    final FleetSnapshot snapshot = new FleetSnapshot(config());
    final AllocationService allocation = new AllocationService(config(), new SimpleMeterRegistry(), snapshot, null);

    @Test
    void shouldTryTheNextZoneWhenAZonesLiveNodesHaveNoRoom() {
        for (int i = 0; i < 3; i++) {
            AllocationService.Placement p = allocation
                    .choose(reader, UUID.randomUUID(), null, "eu")
                    .await()
                    .indefinitely();
            assertThat(p).isEqualTo(new AllocationService.Placement("b", LIVE));
        }
    }

    @Test
    void shouldLeaveACameraUnplacedWhenNoZoneHasALiveNodeWithRoom() {
        FleetReader deadEverywhere = new FleetReader() {
            @Override
            public Uni<List<Object[]>> zoneRows() {
                return reader.zoneRows();
            }

            @Override
            public Uni<List<Object[]>> nodeRows(String zoneId) {
                return Uni.createFrom().item(List.<Object[]>of(new Object[] {DEAD, 0, 100, false}));
            }
        };
        assertThat(allocation
                        .choose(deadEverywhere, UUID.randomUUID(), null, "eu")
                        .await()
                        .indefinitely())
                .isNull();
    }

    /** Defaults but a snapshot kept for the whole test. */
    private static ZonecamConfig config() {
        ZonecamConfig.Allocation allocation = (ZonecamConfig.Allocation) Proxy.newProxyInstance(
                ZonecamConfig.class.getClassLoader(),
                new Class<?>[] {ZonecamConfig.Allocation.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "epsilon" -> 0.05;
                    case "snapshotTtl" -> Duration.ofMinutes(1);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (ZonecamConfig) Proxy.newProxyInstance(
                ZonecamConfig.class.getClassLoader(), new Class<?>[] {ZonecamConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("allocation")) {
                        return allocation;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
