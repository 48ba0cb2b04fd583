package io.zonecam.webrtc;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.zonecam.testing.PackageCycles;
import org.junit.jupiter.api.Test;

/** The module's packages depend on each other without cycles, with the protocol packages below {@code sfu}. */
class PackageCyclesTest {

    private final JavaClasses classes = PackageCycles.assertNone("io.zonecam.webrtc");

    @Test
    void shouldKeepTheProtocolPackagesFreeOfTheSfu() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.zonecam.webrtc.sfu")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.zonecam.webrtc.sfu")
                .check(classes);
    }

    @Test
    void shouldLetDtlsHandSrtpItsKeysWithoutDependingOnIt() {
        noClasses()
                .that()
                .resideInAPackage("io.zonecam.webrtc.dtls")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.zonecam.webrtc.srtp")
                .check(classes);
    }
}
