package com.darwin.compute.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SchedulingConfigurationTest {

  /** Every form the {@code @Scheduled} timer takes, as ShedLock reads it (upper-case ISO). */
  @Test
  void aJobIsHeldForItsIntervalInEveryFormTheTimerTakes() {
    assertThat(SchedulingConfiguration.hold("60s")).isEqualTo("PT1M");
    assertThat(SchedulingConfiguration.hold("1m30s")).isEqualTo("PT1M30S");
    assertThat(SchedulingConfiguration.hold("pt2m")).isEqualTo("PT2M");
    assertThat(SchedulingConfiguration.hold("500ms")).isEqualTo("PT0.5S");
    assertThat(SchedulingConfiguration.hold("1500")).isEqualTo("PT1.5S");
  }

  /**
   * Twice the interval, so the keep-alive's first extension (at half the lease) comes after the
   * hold is over; at least the usual minute, the shortest lease the keep-alive allows being 30 s.
   */
  @Test
  void aJobHeldForItsIntervalIsLeasedForTwiceItAndAtLeastAMinute() {
    assertThat(SchedulingConfiguration.lease("1s")).isEqualTo("PT1M");
    assertThat(SchedulingConfiguration.lease("30s")).isEqualTo("PT1M");
    assertThat(SchedulingConfiguration.lease("60s")).isEqualTo("PT2M");
    assertThat(SchedulingConfiguration.lease("1m30s")).isEqualTo("PT3M");
    assertThat(SchedulingConfiguration.lease("1h")).isEqualTo("PT2H");
  }
}
