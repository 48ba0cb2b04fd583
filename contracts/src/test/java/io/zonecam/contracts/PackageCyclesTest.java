package io.zonecam.contracts;

import io.zonecam.testing.PackageCycles;
import org.junit.jupiter.api.Test;

/** The contracts' packages (token, bus, recording) depend on each other one way only, if at all. */
class PackageCyclesTest {

    @Test
    void shouldHaveNoCycleBetweenPackages() {
        PackageCycles.assertNone("io.zonecam.contracts");
    }
}
