package com.darwin.compute.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MetricsPropertiesTest {

  @Test
  void aRefreshIntervalOfZeroOrLessIsRefusedByName() {
    assertThatThrownBy(() -> new MetricsProperties(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compute.metrics.refresh-interval");
    assertThatThrownBy(() -> new MetricsProperties(Duration.ofSeconds(-15)))
        .hasMessageContaining("compute.metrics.refresh-interval");
    assertThat(new MetricsProperties(Duration.ofSeconds(1)).refreshInterval())
        .isEqualTo(Duration.ofSeconds(1));
  }
}
