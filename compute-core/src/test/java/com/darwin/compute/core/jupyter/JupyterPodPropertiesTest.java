package com.darwin.compute.core.jupyter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JupyterPodPropertiesTest {

  private static JupyterPodProperties backoff(Duration first, Duration max) {
    return settings("image", "2", first, max);
  }

  private static JupyterPodProperties settings(
      String image, String cpu, Duration first, Duration max) {
    return new JupyterPodProperties(
        true,
        null,
        1,
        Map.of(),
        image,
        null,
        cpu,
        "4Gi",
        8888,
        "workspace-shared",
        Duration.ofSeconds(10),
        6,
        List.of(),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofMinutes(30),
        Duration.ofMinutes(5),
        3,
        Duration.ofSeconds(2),
        8,
        first,
        max,
        Duration.ofMinutes(1),
        "http://{name}");
  }

  /** The first failure waits the shortest; each further one in a row twice the last, up to max. */
  @Test
  void aTargetWaitsTwiceAsLongAfterEachFailureInARowUpToTheMaximum() {
    JupyterPodProperties properties = backoff(Duration.ofSeconds(10), Duration.ofMinutes(10));
    assertThat(properties.failureBackoff(1)).isEqualTo(Duration.ofSeconds(10));
    assertThat(properties.failureBackoff(2)).isEqualTo(Duration.ofSeconds(20));
    assertThat(properties.failureBackoff(4)).isEqualTo(Duration.ofSeconds(80));
    assertThat(properties.failureBackoff(7)).isEqualTo(Duration.ofMinutes(10));
    assertThat(properties.failureBackoff(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void aMaximumShorterThanTheFirstWaitIsRefused() {
    assertThatThrownBy(() -> backoff(Duration.ofMinutes(1), Duration.ofSeconds(10)))
        .hasMessageContaining("max-failure-backoff");
    assertThatThrownBy(() -> backoff(Duration.ofSeconds(-1), Duration.ofSeconds(10)))
        .hasMessageContaining("failure-backoff");
  }

  /** What a failure streak is of: the settings that shape a pod, not those of the keeper. */
  @Test
  void thePodSettingsFingerprintChangesWithWhatEachPodRunsOnly() {
    String fingerprint =
        backoff(Duration.ofSeconds(10), Duration.ofMinutes(10)).podSettingsFingerprint();
    assertThat(fingerprint).matches("[0-9a-f]{16}");
    assertThat(backoff(Duration.ofSeconds(5), Duration.ofMinutes(1)).podSettingsFingerprint())
        .isEqualTo(fingerprint);
    assertThat(
            settings("image:fixed", "2", Duration.ofSeconds(10), Duration.ofMinutes(10))
                .podSettingsFingerprint())
        .isNotEqualTo(fingerprint);
    assertThat(
            settings("image", "4", Duration.ofSeconds(10), Duration.ofMinutes(10))
                .podSettingsFingerprint())
        .isNotEqualTo(fingerprint);
  }
}
