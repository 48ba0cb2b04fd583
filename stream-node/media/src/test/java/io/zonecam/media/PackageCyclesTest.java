package io.zonecam.media;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.zonecam.testing.PackageCycles;
import org.junit.jupiter.api.Test;

/**
 * The media packages depend on each other one way only: {@code bits} at the bottom (it uses nothing else of media),
 * codecs and containers above it.
 */
class PackageCyclesTest {

    @Test
    void shouldHaveNoCycleBetweenPackagesWithBitsAtTheBottom() {
        JavaClasses classes = PackageCycles.assertNone("io.zonecam.media");
        noClasses()
                .that()
                .resideInAPackage("io.zonecam.media.bits")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.zonecam.media.aac",
                        "io.zonecam.media.fmp4",
                        "io.zonecam.media.frame",
                        "io.zonecam.media.h264",
                        "io.zonecam.media.h265",
                        "io.zonecam.media.rtp",
                        "io.zonecam.media.sdp",
                        "io.zonecam.media.timing")
                .check(classes);
    }
}
