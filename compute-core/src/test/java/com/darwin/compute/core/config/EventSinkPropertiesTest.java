package com.darwin.compute.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A maximum age that would give up every event before its first try is refused at start-up. */
public class EventSinkPropertiesTest {

  /** Chronos's settings as the defaults have them, with this maximum age. */
  public static EventSinkProperties withMaxAge(Duration maxAge) {
    return new EventSinkProperties(
        "http://chronos:8080",
        "compute",
        Duration.ofSeconds(2),
        100,
        Duration.ofSeconds(1),
        Duration.ofSeconds(1),
        Duration.ofMinutes(5),
        maxAge);
  }

  @Test
  void aMaximumAgeOfZeroOrLessIsRefusedByName() {
    assertThatThrownBy(() -> withMaxAge(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compute.events.sink.max-age");
    assertThatThrownBy(() -> withMaxAge(Duration.ofMinutes(-1)))
        .hasMessageContaining("compute.events.sink.max-age");
    assertThat(withMaxAge(Duration.ofHours(1)).maxAge()).isEqualTo(Duration.ofHours(1));
  }
}
