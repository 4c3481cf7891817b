package com.darwin.compute.api.aot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartupClassesTest {

  /** Set by {@link Initialised}'s static initialiser: it must not run in a training load. */
  static volatile boolean initialised;

  static class Initialised {
    static {
      initialised = true;
    }
  }

  @Test
  void aTrainingLoadDefinesClassesWithoutInitialisingThemAndSkipsTheAbsent() {
    // Nothing else refers to Initialised: only the load could initialise it.
    ClassLoader loader = getClass().getClassLoader();

    StartupClasses.Loaded loaded =
        StartupClasses.load(
            List.of(Initialised.class.getName(), "com.darwin.compute.NoSuchClass"), loader);

    assertThat(loaded.found()).isEqualTo(1);
    assertThat(loaded.missing()).containsExactly("com.darwin.compute.NoSuchClass");
    assertThat(initialised).as("the listed class's static initialiser ran").isFalse();
  }

  /**
   * The list is made from a real start's class loading log (its header says how). After an upgrade
   * many of its names may no longer exist: the archive then misses what start-up loads, and this
   * fails so that the list is made again.
   */
  @Test
  void theListedClassesStillExistOnTheServicesClassPath() {
    ClassLoader loader = StartupClasses.class.getClassLoader();
    List<String> names = StartupClasses.listed(loader);

    assertThat(names).hasSizeGreaterThan(1_000);
    assertThat(new HashSet<>(names)).hasSameSizeAs(names);
    StartupClasses.Loaded loaded = StartupClasses.load(names, loader);
    assertThat(loaded.missing())
        .as("listed classes that no longer resolve: make the list again (its header says how)")
        .hasSizeLessThanOrEqualTo(names.size() / 50);
  }

  /**
   * Packages of the sandbox, the harness and the libraries only they bring (the image is built with
   * {@code -Dsandbox.scope=test}): this test's class path has them, the image's does not.
   */
  private static final List<String> NOT_IN_THE_IMAGE =
      List.of(
          "com.darwin.compute.sandbox.",
          "com.darwin.compute.bench.",
          "ch.vorburger.",
          "io.fabric8.mockwebserver.",
          "io.fabric8.kubernetes.client.server.mock.",
          "okhttp3.",
          "okio.",
          "org.apache.commons.exec.",
          "org.testcontainers.");

  /**
   * Only what the image has and an archive can hold: no class generated at run time (lambdas,
   * proxies, method handle forms), none of the sandbox or the harness (not in the image).
   */
  @Test
  void theListNamesOnlyClassesTheImageShipsAndAnArchiveCanHold() {
    List<String> names = StartupClasses.listed(StartupClasses.class.getClassLoader());

    assertThat(names)
        .noneMatch(name -> name.contains("$$Lambda") || name.contains("LambdaForm$"))
        .noneMatch(name -> name.startsWith("jdk.proxy") || name.contains("$Proxy"))
        .noneMatch(name -> NOT_IN_THE_IMAGE.stream().anyMatch(name::startsWith));
  }
}
