package com.darwin.compute.api.aot;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The classes a start of the service loads from its jars and the JDK's modules, listed so that the
 * class data sharing training run loads them too.
 *
 * <p>The training run (Dockerfile, bench's {@code ServiceProcess}) refreshes the context once
 * without a database, Elasticsearch or Kubernetes API, so the classes that only a connection, a
 * migration check, a first query or a watch loads (the driver's, Flyway's, Hibernate's query
 * translation, fabric8's HTTP client and vert.x) were never archived: a real start read and defined
 * them from the jars, on the main thread and on the threads it waits for. With {@value
 * #TRAINING_PROPERTY} set, the training run loads every class of {@value #LIST} first, without
 * initialising any of them (no static initialiser runs, nothing connects), and the archive written
 * at its exit holds them.
 *
 * <p>A stale list costs start-up time and memory, never correctness: a class that no longer exists
 * is skipped, and one the service no longer loads takes space in the archive, all of which is
 * resident once the JVM has relocated it. {@code StartupClassesTest} fails when too many of its
 * names no longer resolve; the list's header says how to make it again.
 */
public final class StartupClasses {

  /** The system property that makes {@code ComputeApplication} load the list before it starts. */
  public static final String TRAINING_PROPERTY = "compute.cds.training";

  static final String LIST = "META-INF/compute/startup-classes.txt";

  private StartupClasses() {}

  /**
   * For the training run only: loads the listed classes when {@value #TRAINING_PROPERTY} is set.
   */
  public static void loadForTraining() {
    if (!Boolean.getBoolean(TRAINING_PROPERTY)) {
      return;
    }
    ClassLoader loader = StartupClasses.class.getClassLoader();
    List<String> names = listed(loader);
    Loaded loaded = load(names, loader);
    // The image's build log says whether the archive got what it was meant to.
    System.out.printf(
        "Class data sharing training: loaded %d of the %d listed start-up classes%n",
        loaded.found(), names.size());
  }

  /** The class names of the list, in its order. */
  static List<String> listed(ClassLoader loader) {
    try (InputStream in = loader.getResourceAsStream(LIST)) {
      if (in == null) {
        return List.of();
      }
      List<String> names = new ArrayList<>();
      var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String name = line.strip();
        if (!name.isEmpty() && !name.startsWith("#")) {
          names.add(name);
        }
      }
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + LIST, e);
    }
  }

  /** What loading a list found: how many classes loaded, and the names that did not. */
  record Loaded(int found, List<String> missing) {}

  /** Loads each class without initialising it; one that is absent or cannot link is skipped. */
  static Loaded load(List<String> names, ClassLoader loader) {
    int found = 0;
    List<String> missing = new ArrayList<>();
    for (String name : names) {
      try {
        Class.forName(name, false, loader);
        found++;
      } catch (ClassNotFoundException | LinkageError e) {
        missing.add(name);
      }
    }
    return new Loaded(found, List.copyOf(missing));
  }
}
