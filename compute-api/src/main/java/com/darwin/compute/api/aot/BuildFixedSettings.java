package com.darwin.compute.api.aot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * The settings whose value decides which beans exist, and which Spring AOT therefore fixes when the
 * jar is built: the generated context holds the beans their build-time values chose, whatever they
 * are set to later. The build records their values ({@link BuildSettingsRecorder}); a start from
 * the generated context refuses to go on when one differs ({@link BuildFixedSettingsCheck}) instead
 * of silently ignoring it.
 *
 * <p>{@code spring.flyway.enabled} is not among them: it is read again at start-up ({@link
 * FlywaySwitchConfiguration}).
 */
final class BuildFixedSettings {

  /** Where the build's values are, in the jar (written by the AOT processing). */
  static final String RESOURCE = "META-INF/darwin-compute/aot-build-settings.properties";

  /** A setting and the value Boot or this service takes when it is unset. */
  record Setting(String name, String unsetValue) {}

  static final List<Setting> SETTINGS =
      List.of(
          // The sandbox's beans (the simulators) are left out of the image's context.
          new Setting("sandbox.enabled", "false"),
          // UnexportedTracingConfiguration, and Boot's OTLP exporter configuration.
          new Setting("management.tracing.export.enabled", "true"),
          // SchedulingConfiguration: every scheduled job.
          new Setting("compute.scheduling.enabled", "true"),
          // Deferred repositories: their lazy definitions and the bootstrap executor.
          new Setting("spring.data.jpa.repositories.bootstrap-mode", "default"),
          // A management port of its own needs a child context of its own.
          new Setting("management.server.port", ""),
          new Setting("spring.jpa.open-in-view", "true"),
          new Setting("management.endpoints.web.exposure.include", "health"),
          new Setting("spring.autoconfigure.exclude", ""));

  private BuildFixedSettings() {}

  /**
   * Each setting's value in an environment (lists joined with commas), its unset value where it is
   * not set.
   */
  static Map<String, String> valuesIn(Environment environment) {
    Binder binder = Binder.get(environment);
    Map<String, String> values = new LinkedHashMap<>();
    for (Setting setting : SETTINGS) {
      values.put(
          setting.name(),
          binder
              .bind(setting.name(), Bindable.listOf(String.class))
              .map(list -> String.join(",", list.stream().map(String::strip).toList()))
              .orElse(setting.unsetValue()));
    }
    return values;
  }

  /** The values the build recorded, or empty when this class path has no record. */
  static Optional<Map<String, String>> recorded(ClassLoader classLoader) {
    try (InputStream in = classLoader.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return Optional.empty();
      }
      Properties properties = new Properties();
      properties.load(in);
      Map<String, String> values = new LinkedHashMap<>();
      for (Setting setting : SETTINGS) {
        values.put(setting.name(), properties.getProperty(setting.name(), setting.unsetValue()));
      }
      return Optional.of(values);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }
}
