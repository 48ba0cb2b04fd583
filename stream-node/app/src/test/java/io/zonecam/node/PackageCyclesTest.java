package io.zonecam.node;

import io.zonecam.testing.PackageCycles;
import org.junit.jupiter.api.Test;

/** The app's packages depend on each other one way only (see the module README for the layers). */
class PackageCyclesTest {

    @Test
    void shouldHaveNoCycleBetweenPackages() {
        PackageCycles.assertNone("io.zonecam.node");
    }
}
