package com.darwin.compute.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Timeouts with which every cluster would be stopped, or no sweep run, are refused by name. */
class TimeoutPropertiesTest {

  private static final Duration MINUTE = Duration.ofMinutes(1);

  @Test
  void aCreationTimeoutOfZeroOrLessIsRefused() {
    // Every cluster would be stopped before it came up.
    assertThatThrownBy(() -> new TimeoutProperties(Duration.ZERO, MINUTE, MINUTE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compute.timeouts.creation");
    assertThatThrownBy(() -> new TimeoutProperties(Duration.ofMinutes(-40), MINUTE, MINUTE))
        .hasMessageContaining("compute.timeouts.creation");
    assertThat(new TimeoutProperties(Duration.ofSeconds(4), MINUTE, MINUTE).creation())
        .isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void aSweepIntervalOfZeroOrLessIsRefused() {
    assertThatThrownBy(() -> new TimeoutProperties(MINUTE, MINUTE, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compute.timeouts.sweep-interval");
    assertThatThrownBy(() -> new TimeoutProperties(MINUTE, MINUTE, Duration.ofSeconds(-1)))
        .hasMessageContaining("compute.timeouts.sweep-interval");
    assertThat(new TimeoutProperties(MINUTE, MINUTE, Duration.ofMillis(500)).sweepInterval())
        .isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void aDeadClusterMayBeStoppedAtOnce() {
    assertThat(new TimeoutProperties(MINUTE, Duration.ZERO, MINUTE).dead()).isZero();
  }
}
