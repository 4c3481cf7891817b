package com.darwin.compute.core.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A default timeout no command may have is refused at start-up, by name: every command sent without
 * a timeout would be a 400 about the field its sender left out.
 */
class CommandPropertiesTest {

  private static CommandProperties timeouts(Duration defaultTimeout, Duration maxTimeout) {
    return new CommandProperties(true, defaultTimeout, maxTimeout, 50, 16_384, 100);
  }

  @Test
  void aDefaultAboveTheLongestIsRefused() {
    assertThatThrownBy(() -> timeouts(Duration.ofHours(2), Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compute.commands.default-timeout")
        .hasMessageContaining("compute.commands.max-timeout (PT1H), not PT2H");
  }

  @Test
  void aDefaultUnderASecondIsRefused() {
    // Timeouts are whole seconds: 500ms would be 0, below the least a command may have.
    assertThatThrownBy(() -> timeouts(Duration.ofMillis(500), Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compute.commands.default-timeout");
    assertThatThrownBy(() -> timeouts(Duration.ZERO, Duration.ofHours(1)))
        .hasMessageContaining("compute.commands.default-timeout");
  }

  @Test
  void theDefaultMayBeTheLongestInWholeSeconds() {
    assertThat(timeouts(Duration.ofHours(1), Duration.ofHours(1)).defaultTimeout())
        .isEqualTo(Duration.ofHours(1));
    // Both are 300 seconds, as the requests' timeouts are counted.
    assertThat(timeouts(Duration.ofMillis(300_500), Duration.ofSeconds(300)).defaultTimeout())
        .isEqualTo(Duration.ofMillis(300_500));
    assertThat(timeouts(Duration.ofSeconds(1), Duration.ofSeconds(1)).maxTimeout())
        .isEqualTo(Duration.ofSeconds(1));
  }
}
