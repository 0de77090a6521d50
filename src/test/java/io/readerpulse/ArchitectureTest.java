package io.readerpulse;

import java.util.List;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The allowed arrows between packages (README, "Architecture"): features point to the kernel packages
 * {@code live}, {@code web} and {@code database}, never back, and no two packages depend on each other in
 * a circle.
 */
class ArchitectureTest {

	private static final List<String> KERNEL = List.of("live", "web", "database");

	private static final DescribedPredicate<JavaClass> FEATURE = DescribedPredicate.describe("a feature",
			(type) -> type.getPackageName().startsWith("io.readerpulse.")
					&& KERNEL.stream().noneMatch((kernel) -> inPackage(type, kernel)));

	private static JavaClasses classes;

	@BeforeAll
	static void importClasses() {
		classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("io.readerpulse");
	}

	@Test
	void packagesDependOnEachOtherWithoutCycles() {
		slices().matching("io.readerpulse.(*)..").should().beFreeOfCycles().check(classes);
	}

	@Test
	void liveKnowsNoFeature() {
		noClasses().that().resideInAPackage("io.readerpulse.live..").should().dependOnClassesThat(FEATURE).check(classes);
	}

	@Test
	void webKnowsNoFeature() {
		noClasses().that().resideInAPackage("io.readerpulse.web..").should().dependOnClassesThat(FEATURE).check(classes);
	}

	@Test
	void databaseKnowsNoFeature() {
		noClasses().that().resideInAPackage("io.readerpulse.database..")
			.should()
			.dependOnClassesThat(FEATURE)
			.check(classes);
	}

	@Test
	void kernelPackagesKnowNothingOfTheApplicationsRoot() {
		noClasses().that()
			.resideInAnyPackage("io.readerpulse.live..", "io.readerpulse.web..", "io.readerpulse.database..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.readerpulse")
			.check(classes);
	}

	private static boolean inPackage(JavaClass type, String name) {
		String prefix = "io.readerpulse." + name;
		return type.getPackageName().equals(prefix) || type.getPackageName().startsWith(prefix + ".");
	}

}
