package com.darwin.compute.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SchedulingConfigurationTest {

  /** A job held for its interval is leased for the usual minute, or its interval when longer. */
  @Test
  void theLeaseOfAJobHeldForItsIntervalCoversTheIntervalAndTheUsualMinute() {
    assertThat(SchedulingConfiguration.leaseHolding("1s")).isEqualTo("PT1M");
    assertThat(SchedulingConfiguration.leaseHolding("60s")).isEqualTo("PT1M");
    assertThat(SchedulingConfiguration.leaseHolding("5m")).isEqualTo("PT5M");
    assertThat(SchedulingConfiguration.leaseHolding("PT90S")).isEqualTo("PT1M30S");
  }
}
