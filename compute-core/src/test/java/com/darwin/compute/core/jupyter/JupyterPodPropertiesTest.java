package com.darwin.compute.core.jupyter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JupyterPodPropertiesTest {

  private static JupyterPodProperties backoff(Duration first, Duration max) {
    return new JupyterPodProperties(
        true,
        null,
        1,
        Map.of(),
        "image",
        null,
        "2",
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
}
