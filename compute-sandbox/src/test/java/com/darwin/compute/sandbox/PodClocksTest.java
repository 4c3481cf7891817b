package com.darwin.compute.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PodClocksTest {

  private static final OperatorDelays DELAYS =
      new OperatorDelays(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1));
  private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
  private static final Instant UNKNOWN = Instant.EPOCH;

  private final PodClocks clocks = new PodClocks(() -> DELAYS);

  @Test
  void dropsOnlyTheClocksOfPodsGoneAndNotJustCreated() {
    Pod gone = pod("gone");
    Pod live = pod("live");
    Pod justCreated = pod("just-created");
    clocks.created(gone, NOW.minus(Duration.ofMinutes(5)));
    clocks.failed(gone, NOW.minus(Duration.ofMinutes(4)));
    clocks.created(live, NOW.minus(Duration.ofMinutes(5)));
    clocks.created(justCreated, NOW.minusSeconds(1));

    // The live set comes from a cache the pod created a second ago has not reached yet.
    clocks.retainOnly(Set.of("live"), NOW.minus(Duration.ofMinutes(1)));

    assertThat(clocks.createdAt(gone, UNKNOWN)).isEqualTo(UNKNOWN);
    assertThat(clocks.dueForReplacement(gone, NOW)).isFalse();
    assertThat(clocks.createdAt(live, UNKNOWN)).isEqualTo(NOW.minus(Duration.ofMinutes(5)));
    assertThat(clocks.createdAt(justCreated, UNKNOWN)).isEqualTo(NOW.minusSeconds(1));
  }

  @Test
  void dropsAFailureClockWithoutACreationClock() {
    Pod failedOnly = pod("failed-only");
    clocks.failed(failedOnly, NOW.minus(Duration.ofMinutes(4)));

    clocks.retainOnly(Set.of(), NOW.minus(Duration.ofMinutes(1)));

    assertThat(clocks.dueForReplacement(failedOnly, NOW)).isFalse();
  }

  private static Pod pod(String uid) {
    return new PodBuilder().withNewMetadata().withUid(uid).withName(uid).endMetadata().build();
  }
}
