package io.zonecam.sim;

import io.zonecam.testing.PackageCycles;
import org.junit.jupiter.api.Test;

/** The simulator's packages depend on each other one way only: clip, publish, bus and control below the fleet in the root package. */
class PackageCyclesTest {

    @Test
    void shouldHaveNoCycleBetweenPackages() {
        PackageCycles.assertNone("io.zonecam.sim");
    }
}
