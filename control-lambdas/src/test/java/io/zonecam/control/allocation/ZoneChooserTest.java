package io.zonecam.control.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.control.allocation.ZoneChooser.Candidate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ZoneChooserTest {

    final List<Candidate> zones = List.of(
            new Candidate("eu-a", "eu", true, 1000, 900, 4),
            new Candidate("eu-b", "eu", true, 1000, 100, 4),
            new Candidate("eu-c", "eu", false, 1000, 0, 4),
            new Candidate("us-a", "us", true, 1000, 10, 4),
            new Candidate("us-b", "us", true, 1000, 0, 0));

    @Test
    void shouldPreferTheOrganizationsHomeZoneWhileItHasRoom() {
        assertThat(ZoneChooser.choose(zones, "eu-a", "eu")).isEqualTo(0);
        List<Candidate> full = List.of(new Candidate("eu-a", "eu", true, 1000, 1000, 4), zones.get(1));
        assertThat(ZoneChooser.choose(full, "eu-a", "eu")).isEqualTo(1);
    }

    @Test
    void shouldPickMostHeadroomInTheRegionAndSkipClosedOrNodelessZones() {
        assertThat(ZoneChooser.choose(zones, null, "eu")).isEqualTo(1);
        assertThat(ZoneChooser.choose(zones, null, "us")).isEqualTo(3);
    }

    @Test
    void shouldFallBackToAnyRegionAndReportNoZone() {
        assertThat(ZoneChooser.choose(zones, null, "ap")).isEqualTo(3);
        assertThat(ZoneChooser.choose(List.of(zones.get(2), zones.get(4)), null, null))
                .isEqualTo(-1);
    }
}
