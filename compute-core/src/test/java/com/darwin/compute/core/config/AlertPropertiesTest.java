package com.darwin.compute.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AlertPropertiesTest {

  private static AlertProperties with(Duration dedupeWindow, Duration retryInterval) {
    return new AlertProperties(
        Duration.ofHours(12),
        new BigDecimal("100"),
        dedupeWindow,
        retryInterval,
        Duration.ofHours(24));
  }

  @Test
  void aNegativeDedupeWindowIsRefusedAndZeroHoldsNothingBack() {
    assertThatThrownBy(() -> with(Duration.ofHours(-6), Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compute.alerts.dedupe-window");
    assertThat(with(Duration.ZERO, Duration.ofMinutes(1)).dedupeWindow()).isZero();
  }

  @Test
  void aRetryIntervalOfZeroOrLessIsRefused() {
    assertThatThrownBy(() -> with(Duration.ofHours(6), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compute.alerts.retry-interval");
    assertThatThrownBy(() -> with(Duration.ofHours(6), Duration.ofMinutes(-1)))
        .hasMessageContaining("compute.alerts.retry-interval");
    assertThat(with(Duration.ofHours(6), Duration.ofSeconds(1)).retryInterval())
        .isEqualTo(Duration.ofSeconds(1));
  }
}
