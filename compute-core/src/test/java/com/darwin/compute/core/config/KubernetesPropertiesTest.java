package com.darwin.compute.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KubernetesPropertiesTest {

  private static KubernetesProperties informerResync(Duration resync) {
    return new KubernetesProperties(
        "default",
        Map.of(),
        KubernetesProperties.ApplyMode.SERVER_SIDE,
        "darwin-compute",
        resync,
        2);
  }

  @Test
  void aNegativeInformerResyncIsRefusedAndZeroTurnsResyncsOff() {
    // fabric8's informers refuse it when they start, without naming the setting.
    assertThatThrownBy(() -> informerResync(Duration.ofMinutes(-10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compute.kubernetes.informer-resync");
    assertThat(informerResync(Duration.ZERO).informerResync()).isZero();
  }
}
