package io.zonecam.control.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.zonecam.control.support.TestEnvironment;
import io.zonecam.testing.Await;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

/**
 * The events table's monthly partitions: created ahead at start by the scheduled maintenance, events of a month
 * without a partition kept in the default one and moved when it is created, and months past the retention dropped.
 */
@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
class EventPartitionsTest {

    static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyyMM");

    @Test
    void shouldCreatePartitionsAheadAtStart() {
        LocalDate month = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1);
        // The migration creates 3 months ahead; the test settings ask the maintenance for 4.
        for (int i = 0; i <= 4; i++) {
            String name = "events_" + month.plusMonths(i).format(MONTH);
            Await.until(name + " created", Duration.ofSeconds(10), () -> partition(name) == 1);
        }
    }

    @Test
    void shouldKeepEventsOfAMonthWithoutPartitionAndMoveThemWhenItIsCreated() {
        LocalDate far = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1).plusMonths(9);
        String name = "events_" + far.format(MONTH);
        TestEnvironment.sql("drop table if exists " + name);
        TestEnvironment.sql("insert into events values (gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), "
                + "'camera.online', 1, '" + far.plusDays(3) + "T10:00:00Z', '{}')");
        assertThat(count("events_default", far)).isEqualTo(1);

        TestEnvironment.number("select length(zonecam_event_partition('" + far + "'))");

        assertThat(partition(name)).isEqualTo(1);
        assertThat(count("events_default", far)).isZero();
        assertThat(count(name, far)).isEqualTo(1);
    }

    @Test
    void shouldDropMonthsPastTheRetention() {
        TestEnvironment.number("select length(zonecam_event_partition('2023-01-01'))");
        TestEnvironment.sql("insert into events values (gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), "
                + "'camera.online', 1, '2023-01-15T10:00:00Z', '{}')");
        TestEnvironment.sql("insert into events_default values (gen_random_uuid(), gen_random_uuid(), "
                + "gen_random_uuid(), 'camera.online', 1, '2001-06-01T00:00:00Z', '{}')");
        String current = "events_" + LocalDate.now(ZoneOffset.UTC).format(MONTH);
        assertThat(partition("events_202301")).isEqualTo(1);

        long dropped = TestEnvironment.number("select zonecam_event_maintenance(3, interval '400 days')");

        assertThat(dropped).isGreaterThanOrEqualTo(1);
        assertThat(partition("events_202301")).isZero();
        assertThat(TestEnvironment.number("select count(*) from events where occurred_at < '2024-01-01'"))
                .isZero();
        assertThat(partition(current)).isEqualTo(1);
    }

    private static long partition(String name) {
        return TestEnvironment.number("select count(*) from pg_inherits i join pg_class c on c.oid = i.inhrelid "
                + "where i.inhparent = 'events'::regclass and c.relname = '" + name + "'");
    }

    private static long count(String table, LocalDate month) {
        return TestEnvironment.number("select count(*) from " + table + " where occurred_at >= '" + month
                + "' and occurred_at < '" + month.plusMonths(1) + "'");
    }
}
