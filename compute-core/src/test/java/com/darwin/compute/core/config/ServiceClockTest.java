package com.darwin.compute.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The service's clock keeps what its TIMESTAMP(3) columns keep, so a time reads back unchanged. */
class ServiceClockTest {

  @Test
  void itsInstantsAreWholeMillisecondsInUtc() throws InterruptedException {
    Clock clock = new ComputeCoreConfiguration().clock();

    assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
    for (int i = 0; i < 50; i++) {
      Instant now = clock.instant();
      assertThat(now.getNano() % 1_000_000).as(now.toString()).isZero();
      Thread.sleep(0, 137_000);
    }
  }
}
