package io.zonecam.bench;

import io.zonecam.testing.PackageCycles;
import org.junit.jupiter.api.Test;

/** The bench's packages (one per measured area, shared harnesses in node and viewer) depend on each other one way only. */
class PackageCyclesTest {

    @Test
    void shouldHaveNoCycleBetweenPackages() {
        PackageCycles.assertNone("io.zonecam.bench");
    }
}
