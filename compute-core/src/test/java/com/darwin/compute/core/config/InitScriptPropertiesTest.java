package com.darwin.compute.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class InitScriptPropertiesTest {

  private static InitScriptProperties timeout(Duration timeout) {
    return new InitScriptProperties(DataSize.ofKilobytes(4), 25, timeout);
  }

  @Test
  void aTimeoutUnderASecondIsRefused() {
    // The runner passes whole seconds to timeout(1), which reads 0 as no limit at all.
    assertThatThrownBy(() -> timeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compute.init-script.timeout");
    assertThatThrownBy(() -> timeout(Duration.ofMillis(999)))
        .hasMessageContaining("compute.init-script.timeout");
    assertThatThrownBy(() -> timeout(Duration.ofMinutes(-5)))
        .hasMessageContaining("compute.init-script.timeout");
    assertThat(timeout(Duration.ofSeconds(1)).timeout()).isEqualTo(Duration.ofSeconds(1));
  }
}
