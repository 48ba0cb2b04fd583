package io.zonecam.testing;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * PackageCycles checks that the main classes below a root package depend on each other without a cycle between
 * packages: every package (the root included) is its own slice, read by ArchUnit from the compiled classes.
 *
 * <p>A module's {@code PackageCyclesTest} calls {@link #assertNone(String)} with its root package; it may then check
 * its own layering on the returned classes.
 */
public final class PackageCycles {

    private PackageCycles() {}

    /**
     * Fails when two packages below {@code rootPackage} (e.g. {@code io.zonecam.media}) depend on each other, directly
     * or through others, or when fewer than two packages were found (the check would prove nothing).
     *
     * @return the main classes that were checked
     */
    public static JavaClasses assertNone(String rootPackage) {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(rootPackage);
        Set<String> packages =
                classes.stream().map(JavaClass::getPackageName).collect(Collectors.toCollection(TreeSet::new));
        if (packages.size() < 2) {
            throw new AssertionError("expected the main classes of several packages below " + rootPackage
                    + " on the test class path, found " + packages);
        }
        // "(**)" captures the whole package name after "io.zonecam.", so each package is one slice.
        slices().matching("io.zonecam.(**)").should().beFreeOfCycles().check(classes);
        return classes;
    }
}
