package io.zonecam.testing;

import org.junit.jupiter.api.Test;

/** The test helpers' packages (the root and mqtt) depend on each other one way only: mqtt uses Await. */
class PackageCyclesTest {

    @Test
    void shouldHaveNoCycleBetweenPackages() {
        PackageCycles.assertNone("io.zonecam.testing");
    }
}
