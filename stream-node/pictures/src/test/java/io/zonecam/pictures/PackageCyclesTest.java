package io.zonecam.pictures;

import io.zonecam.testing.PackageCycles;
import org.junit.jupiter.api.Test;

/** The pictures packages depend on each other one way only: av and image at the bottom, decode above, snapshot and thumbs on top. */
class PackageCyclesTest {

    @Test
    void shouldHaveNoCycleBetweenPackages() {
        PackageCycles.assertNone("io.zonecam.pictures");
    }
}
