package com.darwin.compute.core.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {

  @Test
  void wholeMinutesAreMinutesAndTheRestSecondsOrMilliseconds() {
    assertThat(DurationText.of(Duration.ofMinutes(40))).isEqualTo("40 minutes");
    assertThat(DurationText.of(Duration.ofMinutes(1))).isEqualTo("1 minute");
    assertThat(DurationText.of(Duration.ofHours(2))).isEqualTo("120 minutes");
    assertThat(DurationText.of(Duration.ofSeconds(4))).isEqualTo("4 seconds");
    assertThat(DurationText.of(Duration.ofSeconds(90))).isEqualTo("90 seconds");
    assertThat(DurationText.of(Duration.ofSeconds(1))).isEqualTo("1 second");
    assertThat(DurationText.of(Duration.ofMillis(1500))).isEqualTo("1500 milliseconds");
    assertThat(DurationText.of(Duration.ZERO)).isEqualTo("0 seconds");
  }
}
