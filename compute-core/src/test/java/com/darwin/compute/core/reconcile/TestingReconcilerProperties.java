package com.darwin.compute.core.reconcile;

import com.darwin.compute.core.config.ReconcilerProperties;
import java.time.Duration;

/** The reconciler settings' defaults, for tests that build its parts by hand. */
final class TestingReconcilerProperties {

  private TestingReconcilerProperties() {}

  static ReconcilerProperties of(String instanceId) {
    return new ReconcilerProperties(
        true,
        1,
        Duration.ofSeconds(30),
        Duration.ofSeconds(1),
        Duration.ofMinutes(2),
        Duration.ofSeconds(60),
        instanceId,
        Duration.ofMinutes(1));
  }
}
