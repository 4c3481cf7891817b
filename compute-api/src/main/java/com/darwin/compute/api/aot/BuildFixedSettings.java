package com.darwin.compute.api.aot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * The settings whose value decides which beans exist, and which Spring AOT therefore fixes when the
 * jar is built: the generated context holds the beans their build-time values chose, whatever they
 * are set to later. The build records their values ({@link BuildSettingsRecorder}); a start from
 * the generated context refuses to go on when one differs ({@link BuildFixedSettingsCheck}) instead
 * of silently ignoring it.
 *
 * <p>The list is kept by hand, from the conditions of the auto-configurations this service uses
 * (README, "Spring AOT"): single settings, and families of switches (each {@code *.enabled} under a
 * prefix) of which every one set at build or at start is compared. {@code spring.flyway.enabled} is
 * not among them: it is read again at start-up ({@link FlywaySwitchConfiguration}).
 */
final class BuildFixedSettings {

  /** Where the build's values are, in the jar (written by the AOT processing). */
  static final String RESOURCE = "META-INF/darwin-compute/aot-build-settings.properties";

  /** How a setting's value at start is compared with the build's. */
  enum Comparison {
    /** The same value (regardless of case: Boot binds booleans and enums so). */
    SAME,
    /**
     * A list whose elements at start must all have been there at build: fewer is fine (what it
     * lists is filtered at start), more would name beans that do not exist.
     */
    NO_ADDITIONS
  }

  /** A setting, the value Boot or this service takes when it is unset, and its comparison. */
  record Setting(String name, String unsetValue, Comparison comparison) {
    Setting(String name, String unsetValue) {
      this(name, unsetValue, Comparison.SAME);
    }
  }

  static final List<Setting> SETTINGS =
      List.of(
          // The sandbox's beans (the simulators) are left out of the image's context.
          new Setting("sandbox.enabled", "false"),
          // UnexportedTracingFilter (which auto-configurations are imported), and the exporter.
          // Unset, the exporter's own switch follows the global one: set at all, it must have
          // been set so at build.
          new Setting("management.tracing.export.enabled", "true"),
          new Setting("management.tracing.export.otlp.enabled", ""),
          // SchedulingConfiguration: every scheduled job.
          new Setting("compute.scheduling.enabled", "true"),
          // Deferred repositories: their lazy definitions and the bootstrap executor.
          new Setting("spring.data.jpa.repositories.bootstrap-mode", "default"),
          // A management port of its own needs a child context of its own.
          new Setting("management.server.port", ""),
          new Setting("spring.jpa.open-in-view", "true"),
          new Setting(
              "management.endpoints.web.exposure.include", "health", Comparison.NO_ADDITIONS),
          new Setting("spring.autoconfigure.exclude", ""),
          // framework: Spring's ForwardedHeaderFilter bean (native is Tomcat's, decided at start).
          new Setting("server.forward-headers-strategy", ""),
          new Setting("spring.jmx.enabled", "false"),
          new Setting("spring.datasource.type", ""),
          new Setting("spring.datasource.jndi-name", ""),
          new Setting("spring.mvc.problemdetails.enabled", "false"),
          new Setting("spring.data.jpa.repositories.enabled", "true"),
          new Setting("management.observations.annotations.enabled", "false"));

  /** Families of switches: every property set whose canonical name matches one is compared. */
  static final List<Pattern> FAMILIES =
      List.of(
          Pattern.compile("springdoc\\..*enabled"),
          Pattern.compile("springdoc\\.(show-actuator|use-management-port|cache\\.disabled)"),
          Pattern.compile("management\\.health\\..+\\.enabled"),
          Pattern.compile("management\\.info\\..+\\.enabled"),
          Pattern.compile("management\\..+\\.metrics\\.export\\.enabled"),
          Pattern.compile("management\\.opentelemetry\\..*enabled"),
          Pattern.compile("spring\\.aop\\..+"),
          Pattern.compile("spring\\.task\\.execution\\.mode"));

  private BuildFixedSettings() {}

  /**
   * Each single setting's value in an environment (lists joined with commas), its unset value where
   * it is not set; then every set member of a family with its value.
   */
  static Map<String, String> valuesIn(Environment environment) {
    Binder binder = Binder.get(environment);
    Map<String, String> values = new TreeMap<>();
    for (Setting setting : SETTINGS) {
      values.put(setting.name(), valueOf(binder, setting.name()).orElse(setting.unsetValue()));
    }
    for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
      if (source instanceof IterableConfigurationPropertySource names) {
        names.stream()
            .map(Object::toString)
            .filter(name -> FAMILIES.stream().anyMatch(f -> f.matcher(name).matches()))
            .filter(name -> !values.containsKey(name))
            .forEach(name -> valueOf(binder, name).ifPresent(value -> values.put(name, value)));
      }
    }
    return values;
  }

  private static Optional<String> valueOf(Binder binder, String name) {
    return Optional.ofNullable(
        binder
            .bind(name, Bindable.listOf(String.class))
            .map(list -> String.join(",", list.stream().map(String::strip).toList()))
            .orElse(null));
  }

  /** The values the build recorded, or empty when this class path has no record. */
  static Optional<Map<String, String>> recorded(ClassLoader classLoader) {
    try (InputStream in = classLoader.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return Optional.empty();
      }
      Properties properties = new Properties();
      properties.load(in);
      Map<String, String> values = new TreeMap<>();
      properties
          .stringPropertyNames()
          .forEach(name -> values.put(name, properties.getProperty(name)));
      for (Setting setting : SETTINGS) {
        values.putIfAbsent(setting.name(), setting.unsetValue());
      }
      return Optional.of(values);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }
}
