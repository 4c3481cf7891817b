package com.darwin.compute.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layering rules of DESIGN.md. */
class ArchitectureTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.darwin.compute");
  }

  @Test
  void renderingIsPure() {
    noClasses()
        .that()
        .resideInAPackage("com.darwin.compute.core.render..")
        .should()
        .dependOnClassesThat()
        .resideOutsideOfPackages(
            "com.darwin.compute.core.render..",
            "com.darwin.compute.model..",
            "io.fabric8.kubernetes.api.model..",
            "java..")
        .check(classes);
  }

  @Test
  void theWireModelHasNoSpring() {
    noClasses()
        .that()
        .resideInAPackage("com.darwin.compute.model..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.springframework..", "com.darwin.compute.core..", "io.fabric8..")
        .check(classes);
  }

  @Test
  void theSdkDependsOnTheModelOnly() {
    noClasses()
        .that()
        .resideInAPackage("com.darwin.compute.sdk..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.springframework..",
            "com.darwin.compute.core..",
            "com.darwin.compute.api..",
            "io.fabric8..")
        .check(classes);
  }

  @Test
  void theCommandLineIsBuiltOnTheSdkOnly() {
    noClasses()
        .that()
        .resideInAPackage("com.darwin.compute.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.springframework..",
            "com.darwin.compute.core..",
            "com.darwin.compute.api..",
            "io.fabric8..")
        .check(classes);
  }

  @Test
  void controllersNeverTouchRepositoriesOrTheKubernetesClient() {
    noClasses()
        .that()
        .resideInAPackage("com.darwin.compute.api..")
        .should()
        .dependOnClassesThat()
        .areAssignableTo(org.springframework.data.repository.Repository.class)
        .orShould()
        .dependOnClassesThat()
        .resideInAnyPackage("io.fabric8.kubernetes.client..", "co.elastic..")
        .check(classes);
  }

  @Test
  void theDomainDoesNotKnowTheWebLayerOrTheSandbox() {
    noClasses()
        .that()
        .resideInAPackage("com.darwin.compute.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "com.darwin.compute.api..", "com.darwin.compute.sandbox..", "org.springframework.web..")
        .check(classes);
  }

  @Test
  void theCorePackagesFormADag() {
    slices().matching("com.darwin.compute.core.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void theApiPackagesFormADag() {
    slices().matching("com.darwin.compute.api.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void theModelPackagesFormADag() {
    slices().matching("com.darwin.compute.model.(*)..").should().beFreeOfCycles().check(classes);
  }
}
