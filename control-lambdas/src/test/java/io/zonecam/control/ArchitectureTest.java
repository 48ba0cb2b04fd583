package io.zonecam.control;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The control plane's packages form layers (see the module README): features on top, then allocation and security,
 * then the persistence layer ({@code store}), then config and problem. Dependencies point down only, and no two
 * packages depend on each other.
 */
class ArchitectureTest {

    private static final String FEATURES = "Features";
    private static final String ALLOCATION = "Allocation";
    private static final String SECURITY = "Security";
    private static final String PERSISTENCE = "Persistence";
    private static final String FOUNDATION = "Foundation";
    private static final String STARTUP = "Startup";

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.zonecam.control");

    @Test
    void shouldHaveNoCycleBetweenPackages() {
        slices().matching("io.zonecam.control.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void shouldDependOnlyDownwardsThroughTheLayers() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer(FEATURES)
                .definedBy(
                        "io.zonecam.control.camera..",
                        "io.zonecam.control.device..",
                        "io.zonecam.control.fleet..",
                        "io.zonecam.control.zone..",
                        "io.zonecam.control.tenant..",
                        "io.zonecam.control.playback..",
                        "io.zonecam.control.identity..",
                        "io.zonecam.control.event..",
                        "io.zonecam.control.webhook..",
                        "io.zonecam.control.pictures..",
                        "io.zonecam.control.dev..")
                .layer(ALLOCATION)
                .definedBy("io.zonecam.control.allocation..")
                .layer(SECURITY)
                .definedBy("io.zonecam.control.security..")
                .layer(PERSISTENCE)
                .definedBy("io.zonecam.control.store..")
                .layer(FOUNDATION)
                .definedBy("io.zonecam.control.config..", "io.zonecam.control.problem..")
                .layer(STARTUP)
                .definedBy("io.zonecam.control.aws..")
                .whereLayer(FEATURES)
                .mayNotBeAccessedByAnyLayer()
                .whereLayer(STARTUP)
                .mayNotBeAccessedByAnyLayer()
                .whereLayer(ALLOCATION)
                .mayOnlyBeAccessedByLayers(FEATURES)
                .whereLayer(SECURITY)
                .mayOnlyBeAccessedByLayers(FEATURES)
                .whereLayer(PERSISTENCE)
                .mayOnlyBeAccessedByLayers(FEATURES, ALLOCATION, SECURITY)
                .whereLayer(FOUNDATION)
                .mayOnlyBeAccessedByLayers(FEATURES, ALLOCATION, SECURITY, PERSISTENCE, STARTUP)
                .check(MAIN);
    }
}
