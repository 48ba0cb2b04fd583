package io.zonecam.node;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The app's packages depend on each other one way only (see the module README for the layers). */
class PackageCyclesTest {

    @Test
    void shouldHaveNoCycleBetweenPackages() {
        slices().matching("io.zonecam.(**)")
                .should()
                .beFreeOfCycles()
                .check(new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.zonecam.node"));
    }
}
