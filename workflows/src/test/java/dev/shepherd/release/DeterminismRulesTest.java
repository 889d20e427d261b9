package dev.shepherd.release;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Guards the workflows module against non-deterministic code, the way temporal-workflowcheck does:
 * workflow code must take time, randomness, sleeping and logging from {@code Workflow}, must not do I/O,
 * and must not keep mutable statics. Everything in this module can run inside a workflow (the spec is
 * validated there too), so the rules hold for all of it.
 */
class DeterminismRulesTest {

  private static JavaClasses workflowsModule;

  @BeforeAll
  static void importClasses() {
    workflowsModule = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.shepherd");
  }

  @Test
  void workflowCodeTakesTimeOnlyFromWorkflow() {
    noClasses().should().callMethod(System.class, "currentTimeMillis")
        .orShould().callMethod(System.class, "nanoTime")
        .orShould().callMethod(java.time.Instant.class, "now")
        .orShould().callMethod(java.time.LocalDateTime.class, "now")
        .orShould().callMethod(java.time.ZonedDateTime.class, "now")
        .orShould().callMethod(java.time.LocalDate.class, "now")
        .orShould().callMethod(java.time.Clock.class, "systemUTC")
        .orShould().callMethod(java.time.Clock.class, "systemDefaultZone")
        .because("workflow time comes from Workflow.currentTimeMillis()")
        .check(workflowsModule);
  }

  @Test
  void workflowCodeNeitherSleepsNorStartsThreads() {
    noClasses().should().callMethod(Thread.class, "sleep", long.class)
        .orShould().callMethod(Thread.class, "sleep", java.time.Duration.class)
        .orShould().callConstructor(Thread.class, Runnable.class)
        .orShould().dependOnClassesThat().resideInAPackage("java.util.concurrent..")
        .because("workflow code waits with Workflow.sleep/await and runs concurrently with Async")
        .check(workflowsModule);
  }

  @Test
  void workflowCodeTakesRandomnessOnlyFromWorkflow() {
    noClasses().should().callMethod(java.util.UUID.class, "randomUUID")
        .orShould().callConstructor(java.util.Random.class)
        .orShould().callMethod(Math.class, "random")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.security.SecureRandom")
        .because("randomness comes from Workflow.randomUUID() and Workflow.newRandom()")
        .check(workflowsModule);
  }

  @Test
  void workflowCodeDoesNoIoAndPrintsNothing() {
    noClasses().should().accessField(System.class, "out")
        .orShould().accessField(System.class, "err")
        .orShould().dependOnClassesThat().resideInAnyPackage("java.io..", "java.nio.file..", "java.net..",
            "software.amazon..", "org.apache.http..", "okhttp3..")
        .because("workflows/ must not see HTTP, AWS or file I/O; it logs with Workflow.getLogger")
        .check(workflowsModule);
  }

  @Test
  void onlyTheCanaryJudgeUsesTheStatisticsLibrary_andItDependsOnNothingElseFromOutside() {
    noClasses().that().resideOutsideOfPackage("dev.shepherd.analysis..")
        .should().dependOnClassesThat().resideInAPackage("org.apache.commons..")
        .because("the statistics library is arithmetic for CanaryJudge; workflow code calls the judge")
        .check(workflowsModule);
    classes().that().resideInAPackage("dev.shepherd.analysis..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("dev.shepherd.analysis..", "dev.shepherd.spec..",
            "java.lang..", "java.util", "java.util.function", "java.util.stream", "java.time..", "java.math..",
            "org.apache.commons.statistics.inference..", "com.fasterxml.jackson.annotation..")
        .because("the judge is pure: workflow code calls it, so it may reach no I/O, clock or thread")
        .check(workflowsModule);
  }

  @Test
  void workflowCodeKeepsNoMutableStatics() {
    fields().that().areStatic().should().beFinal()
        .because("a mutable static is shared by every workflow run on a worker and breaks replay")
        .check(workflowsModule);
  }
}
