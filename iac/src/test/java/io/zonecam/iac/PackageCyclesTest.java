package io.zonecam.iac;

import io.zonecam.testing.PackageCycles;
import org.junit.jupiter.api.Test;

/** The infrastructure packages depend on each other one way only: config, then constructs, then stacks, then the app. */
class PackageCyclesTest {

    @Test
    void shouldHaveNoCycleBetweenPackages() {
        PackageCycles.assertNone("io.zonecam.iac");
    }
}
