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
  void theEndpointsExposedMayBeFewerThanAtBuildButNotMore() {
    Map<String, String> built = Map.of("management.endpoints.web.exposure.include", "health,info");

    assertThat(
            BuildFixedSettingsCheck.differences(
                built, Map.of("management.endpoints.web.exposure.include", "info")))
        .isEmpty();
    assertThat(
            BuildFixedSettingsCheck.differences(
                built, Map.of("management.endpoints.web.exposure.include", "health,env")))
        .containsExactly(
            "management.endpoints.web.exposure.include is 'health,env', built with 'health,info'");
  }

  @Test
  void aSwitchOfAFamilySetOnlyAtStartIsAChange() {
    Map<String, String> built =
        BuildFixedSettings.valuesIn(
            new MockEnvironment().withProperty("springdoc.api-docs.enabled", "true"));
    Map<String, String> now =
        BuildFixedSettings.valuesIn(
            new MockEnvironment()
                .withProperty("springdoc.api-docs.enabled", "true")
                .withProperty("management.info.java.enabled", "true")
                .withProperty("management.prometheus.metrics.export.enabled", "false")
                // Not a switch of a family: read at start as usual.
                .withProperty("management.tracing.sampling.probability", "0.5"));

    assertThat(BuildFixedSettingsCheck.differences(built, now))
        .containsExactlyInAnyOrder(
            "management.info.java.enabled is 'true', built with it unset",
            "management.prometheus.metrics.export.enabled is 'false', built with it unset");
    assertThat(
            BuildFixedSettingsCheck.differences(
                built,
                BuildFixedSettings.valuesIn(
                    new MockEnvironment().withProperty("springdoc.api-docs.enabled", "false"))))
        .containsExactly("springdoc.api-docs.enabled is 'false', built with 'true'");
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
