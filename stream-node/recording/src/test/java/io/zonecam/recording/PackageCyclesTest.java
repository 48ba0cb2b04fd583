package io.zonecam.recording;

import io.zonecam.testing.PackageCycles;
import org.junit.jupiter.api.Test;

/**
 * The recording packages depend on each other one way only: format and store at the bottom, the recorder beside
 * them, index above, playback on top. Every package is its own slice.
 */
class PackageCyclesTest {

    @Test
    void shouldHaveNoCycleBetweenPackages() {
        PackageCycles.assertNone("io.zonecam.recording");
    }
}
