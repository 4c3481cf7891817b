package com.darwin.compute.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Bounds no request could meet are refused at start-up, by name. */
class ClusterLimitsPropertiesTest {

  private static ClusterLimitsProperties limits(
      int minCores, int maxCores, int minMemoryGb, int maxMemoryGb) {
    return new ClusterLimitsProperties(
        minCores, maxCores, minMemoryGb, maxMemoryGb, 10, 100, 25, 50, 20);
  }

  @Test
  void leastCoresAboveTheMostIsRefused() {
    assertThatThrownBy(() -> limits(90, 89, 1, 735))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compute.limits.min-cores")
        .hasMessageContaining("(89), not 90");
  }

  @Test
  void leastMemoryAboveTheMostIsRefused() {
    assertThatThrownBy(() -> limits(1, 89, 736, 735))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compute.limits.min-memory-gb")
        .hasMessageContaining("(735), not 736");
  }

  @Test
  void aBoundMayBeASingleValue() {
    ClusterLimitsProperties exact = limits(4, 4, 16, 16);
    assertThat(exact.maxCores()).isEqualTo(4);
    assertThat(exact.maxMemoryGb()).isEqualTo(16);
  }
}
