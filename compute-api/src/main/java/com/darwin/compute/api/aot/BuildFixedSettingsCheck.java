package com.darwin.compute.api.aot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.aot.AotDetector;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * A start from Spring AOT's generated context ({@code -Dspring.aot.enabled=true}, the image's
 * default, SPRING_AOT_ENABLED) stops with the setting named when one of {@link BuildFixedSettings}
 * differs from its value at build time: the beans it would add or remove were decided then, so the
 * setting would be ignored. Without AOT it does nothing.
 *
 * <p>Ordered right after the configuration files are read (Boot's config data processor runs at
 * {@code HIGHEST_PRECEDENCE + 10}) and before anything that acts on them, such as the sandbox's
 * processor, which would otherwise start a database first.
 */
public class BuildFixedSettingsCheck implements EnvironmentPostProcessor, Ordered {

  static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 11;

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    if (!AotDetector.useGeneratedArtifacts()) {
      return;
    }
    ClassLoader classLoader =
        application.getClassLoader() != null
            ? application.getClassLoader()
            : BuildFixedSettingsCheck.class.getClassLoader();
    Map<String, String> built =
        BuildFixedSettings.recorded(classLoader)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "Started with spring.aot.enabled=true, but this jar has no "
                            + BuildFixedSettings.RESOURCE
                            + ": it was not built with its AOT processing"));
    List<String> differences = differences(built, BuildFixedSettings.valuesIn(environment));
    if (!differences.isEmpty()) {
      throw new IllegalStateException(
          "These settings were fixed when this jar was built (Spring AOT; README, \"Spring AOT\") "
              + "and cannot change at start-up: "
              + String.join("; ", differences)
              + ". Start without -Dspring.aot.enabled=true (the image: SPRING_AOT_ENABLED=false) "
              + "to change them.");
    }
  }

  static List<String> differences(Map<String, String> built, Map<String, String> now) {
    Map<String, BuildFixedSettings.Comparison> comparisons = new HashMap<>();
    BuildFixedSettings.SETTINGS.forEach(s -> comparisons.put(s.name(), s.comparison()));
    Set<String> names = new TreeSet<>(built.keySet());
    names.addAll(now.keySet());
    List<String> differences = new ArrayList<>();
    for (String name : names) {
      String value = built.getOrDefault(name, "");
      String current = now.getOrDefault(name, "");
      boolean same =
          comparisons.getOrDefault(name, BuildFixedSettings.Comparison.SAME)
                  == BuildFixedSettings.Comparison.NO_ADDITIONS
              ? elements(value).containsAll(elements(current))
              // Boot binds booleans and enums regardless of case.
              : current.equalsIgnoreCase(value);
      if (!same) {
        differences.add(
            name
                + " is "
                + (current.isEmpty() ? "unset" : "'" + current + "'")
                + ", built with "
                + (value.isEmpty() ? "it unset" : "'" + value + "'"));
      }
    }
    return differences;
  }

  private static Set<String> elements(String list) {
    Set<String> elements = new HashSet<>();
    for (String element : list.split(",")) {
      if (!element.isBlank()) {
        elements.add(element.strip().toLowerCase(Locale.ROOT));
      }
    }
    return elements;
  }

  @Override
  public int getOrder() {
    return ORDER;
  }
}
