package com.darwin.compute.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TerminationPropertiesTest {

  private static final Duration MINUTE = Duration.ofMinutes(1);

  @Test
  void jobClusterIdleTimeBelowTheSmallestAllowedIsRefusedAtStartUp() {
    assertThatThrownBy(() -> new TerminationProperties(true, MINUTE, 30, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("job-cluster-inactive-time")
        .hasMessageContaining("(30), not 10");
  }

  @Test
  void jobClusterIdleTimeMayBeNeverOrTheSmallestAllowed() {
    assertThat(new TerminationProperties(true, MINUTE, 30, -1).jobClusterInactiveTime())
        .isEqualTo(-1);
    assertThat(new TerminationProperties(true, MINUTE, 30, 30).jobClusterInactiveTime())
        .isEqualTo(30);
  }

  @Test
  void negativeSmallestIdleTimeAndEmptySweepIntervalAreRefused() {
    assertThatThrownBy(() -> new TerminationProperties(true, MINUTE, -2, 720))
        .hasMessageContaining("min-inactive-minutes");
    assertThatThrownBy(() -> new TerminationProperties(true, Duration.ZERO, 5, 720))
        .hasMessageContaining("sweep-interval");
  }
}
