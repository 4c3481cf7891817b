package com.darwin.compute.core.notify;

import com.darwin.compute.core.config.AlertProperties;
import java.math.BigDecimal;
import java.time.Duration;

/** The alert settings' defaults, for tests that build the alerting parts by hand. */
final class TestingAlertProperties {

  private TestingAlertProperties() {}

  static AlertProperties defaults() {
    return new AlertProperties(
        Duration.ofHours(12),
        new BigDecimal("100"),
        Duration.ofHours(6),
        Duration.ofMinutes(1),
        Duration.ofHours(24));
  }
}
