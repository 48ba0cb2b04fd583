package io.zonecam.recording;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The recording packages depend on each other one way only: format and store at the bottom, the recorder beside
 * them, index above, playback on top. Every package is its own slice.
 */
class PackageCyclesTest {

    @Test
    void shouldHaveNoCycleBetweenPackages() {
        slices().matching("io.zonecam.(**)")
                .should()
                .beFreeOfCycles()
                .check(new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.zonecam.recording"));
    }
}
