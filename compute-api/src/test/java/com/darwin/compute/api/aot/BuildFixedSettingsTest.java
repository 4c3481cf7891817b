package com.darwin.compute.api.aot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class BuildFixedSettingsTest {

  @Test
  void unsetSettingsTakeTheValueBootOrTheServiceWouldTake() {
    Map<String, String> values = BuildFixedSettings.valuesIn(new MockEnvironment());

    assertThat(values)
        .containsEntry("sandbox.enabled", "false")
        .containsEntry("management.tracing.export.enabled", "true")
        .containsEntry("spring.data.jpa.repositories.bootstrap-mode", "default")
        .containsEntry("management.server.port", "")
        .containsOnlyKeys(
            BuildFixedSettings.SETTINGS.stream().map(BuildFixedSettings.Setting::name).toList());
  }

  @Test
  void listsAreComparedAsTheirJoinedElements() {
    MockEnvironment environment =
        new MockEnvironment()
            .withProperty("spring.autoconfigure.exclude[0]", "a.B")
            .withProperty("spring.autoconfigure.exclude[1]", " c.D ");

    assertThat(BuildFixedSettings.valuesIn(environment))
        .containsEntry("spring.autoconfigure.exclude", "a.B,c.D");
  }

  @Test
  void aSettingChangedSinceTheBuildIsNamedWithBothValues() {
    Map<String, String> built = Map.of("management.tracing.export.enabled", "false");

    assertThat(
            BuildFixedSettingsCheck.differences(
                built, Map.of("management.tracing.export.enabled", "true")))
        .containsExactly("management.tracing.export.enabled is 'true', built with 'false'");
    // Boot binds booleans and enums regardless of case: not a change.
    assertThat(
            BuildFixedSettingsCheck.differences(
                built, Map.of("management.tracing.export.enabled", "FALSE")))
        .isEmpty();
  }

  @Test
  void theRecordReadsBackWhatWasWritten() {
    MockEnvironment built =
        new MockEnvironment()
            .withProperty("management.tracing.export.enabled", "false")
            .withProperty("management.server.port", "9000");
    String record = BuildSettingsRecorder.asProperties(BuildFixedSettings.valuesIn(built));
    ClassLoader holdingIt =
        new ClassLoader(null) {
          @Override
          public InputStream getResourceAsStream(String name) {
            return name.equals(BuildFixedSettings.RESOURCE)
                ? new ByteArrayInputStream(record.getBytes(StandardCharsets.ISO_8859_1))
                : null;
          }

          @Override
          public URL getResource(String name) {
            return null;
          }
        };

    Map<String, String> recorded = BuildFixedSettings.recorded(holdingIt).orElseThrow();

    assertThat(recorded).isEqualTo(BuildFixedSettings.valuesIn(built));
    assertThat(BuildFixedSettingsCheck.differences(recorded, BuildFixedSettings.valuesIn(built)))
        .isEmpty();
    assertThat(
            BuildFixedSettingsCheck.differences(
                recorded, BuildFixedSettings.valuesIn(new MockEnvironment())))
        .containsExactlyInAnyOrder(
            "management.tracing.export.enabled is 'true', built with 'false'",
            "management.server.port is unset, built with '9000'");
  }
}
