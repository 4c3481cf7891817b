package com.darwin.compute.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Reconciler settings with which no cluster would converge are refused at start-up, by name. */
class ReconcilerPropertiesTest {

  private static ReconcilerProperties with(
      boolean enabled, int workers, Duration resyncInterval, Duration leaseDuration) {
    return new ReconcilerProperties(
        enabled,
        workers,
        resyncInterval,
        Duration.ofSeconds(1),
        Duration.ofMinutes(2),
        leaseDuration,
        "test",
        Duration.ofMinutes(1));
  }

  private static ReconcilerProperties workers(boolean enabled, int workers) {
    return with(enabled, workers, Duration.ofSeconds(30), Duration.ofSeconds(60));
  }

  @Test
  void noWorkersWhileEnabledIsRefused() {
    // No worker thread would start: every new cluster would stay at creating.
    assertThatThrownBy(() -> workers(true, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compute.reconciler.workers")
        .hasMessageContaining("not 0");
    assertThatThrownBy(() -> workers(true, -1)).hasMessageContaining("compute.reconciler.workers");
    assertThat(workers(true, 1).workers()).isEqualTo(1);
  }

  @Test
  void aDisabledReconcilerNeedsNoWorkers() {
    assertThat(workers(false, 0).enabled()).isFalse();
  }

  @Test
  void aResyncIntervalOfZeroOrLessIsRefused() {
    Duration lease = Duration.ofSeconds(60);
    assertThatThrownBy(() -> with(true, 2, Duration.ZERO, lease))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compute.reconciler.resync-interval");
    assertThatThrownBy(() -> with(true, 2, Duration.ofSeconds(-30), lease))
        .hasMessageContaining("compute.reconciler.resync-interval");
    assertThat(with(true, 2, Duration.ofSeconds(2), lease).resyncInterval())
        .isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void aLeaseUnderAMillisecondIsRefused() {
    // The database counts it in milliseconds: 0 would hold no cluster for any replica.
    Duration resync = Duration.ofSeconds(30);
    assertThatThrownBy(() -> with(true, 2, resync, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compute.reconciler.lease-duration");
    assertThatThrownBy(() -> with(true, 2, resync, Duration.ofNanos(999_999)))
        .hasMessageContaining("compute.reconciler.lease-duration");
    assertThatThrownBy(() -> with(true, 2, resync, Duration.ofSeconds(-60)))
        .hasMessageContaining("compute.reconciler.lease-duration");
    assertThat(with(true, 2, resync, Duration.ofSeconds(2)).leaseDuration())
        .isEqualTo(Duration.ofSeconds(2));
  }
}
