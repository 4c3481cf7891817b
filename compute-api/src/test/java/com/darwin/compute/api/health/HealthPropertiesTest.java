package com.darwin.compute.api.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A health deadline under a millisecond is refused at start-up, by name: a check waits whole
 * milliseconds, and one that waits none finds its dependency down every time.
 */
class HealthPropertiesTest {

  private static final Duration DEADLINE = Duration.ofSeconds(2);

  @Test
  void aDatabaseTimeoutUnderAMillisecondIsRefused() {
    assertThatThrownBy(() -> new HealthProperties(Duration.ZERO, DEADLINE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compute.health.database-timeout");
    assertThatThrownBy(() -> new HealthProperties(Duration.ofSeconds(-2), DEADLINE))
        .hasMessageContaining("compute.health.database-timeout");
    assertThatThrownBy(() -> new HealthProperties(Duration.ofNanos(999_999), DEADLINE))
        .hasMessageContaining("compute.health.database-timeout");
  }

  @Test
  void aDependencyTimeoutUnderAMillisecondIsRefused() {
    assertThatThrownBy(() -> new HealthProperties(DEADLINE, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compute.health.dependency-timeout");
    assertThatThrownBy(() -> new HealthProperties(DEADLINE, Duration.ofSeconds(-2)))
        .hasMessageContaining("compute.health.dependency-timeout");
  }

  @Test
  void aMillisecondOrMoreIsTaken() {
    HealthProperties properties =
        new HealthProperties(Duration.ofMillis(1), Duration.ofMillis(300));
    assertThat(properties.databaseTimeout()).isEqualTo(Duration.ofMillis(1));
    assertThat(properties.dependencyTimeout()).isEqualTo(Duration.ofMillis(300));
  }
}
