package com.darwin.compute.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.darwin.compute.core.kube.KubernetesEventObservation;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PendingEventsTest {

  private static KubernetesEventObservation event(String key) {
    return new KubernetesEventObservation(
        "id-a", key, "Normal", "Created", key, "Pod", "id-a-head", Instant.EPOCH);
  }

  private static List<String> keys(List<KubernetesEventObservation> events) {
    return events.stream().map(KubernetesEventObservation::key).toList();
  }

  @Test
  void anEventDeliveredAgainWhileItWaitsIsQueuedOnce() {
    PendingEvents pending = new PendingEvents(10);

    assertThat(pending.offer(event("k1"))).isZero();
    assertThat(pending.offer(event("k2"))).isZero();
    assertThat(pending.offer(event("k1"))).isZero();

    assertThat(pending.size()).isEqualTo(2);
    assertThat(pending.dropped()).isZero();
  }

  @Test
  void aFullQueueDropsAndCountsWhatArrivesAndKeepsWhatWaits() throws Exception {
    PendingEvents pending = new PendingEvents(3);
    for (int i = 1; i <= 3; i++) {
      assertThat(pending.offer(event("k" + i))).isZero();
    }
    // Each drop says how many so far (the recorder warns on the first of each thousand).
    assertThat(pending.offer(event("k4"))).isEqualTo(1);
    assertThat(pending.offer(event("k5"))).isEqualTo(2);

    assertThat(pending.size()).isEqualTo(3);
    assertThat(pending.dropped()).isEqualTo(2);
    assertThat(keys(pending.take(10))).containsExactly("k1", "k2", "k3");
    // Room again: a dropped event delivered by the next resync is taken.
    assertThat(pending.offer(event("k4"))).isZero();
    assertThat(keys(pending.take(10))).containsExactly("k4");
  }

  @Test
  void takeGivesTheOldestUpToItsMaximumAndForgetsThem() throws Exception {
    PendingEvents pending = new PendingEvents(10);
    for (int i = 1; i <= 5; i++) {
      pending.offer(event("k" + i));
    }

    assertThat(keys(pending.take(2))).containsExactly("k1", "k2");
    assertThat(keys(pending.take(10))).containsExactly("k3", "k4", "k5");
    assertThat(pending.size()).isZero();
    // Taken, it may be queued again (a resync while it was being stored).
    assertThat(pending.offer(event("k1"))).isZero();
    assertThat(pending.size()).isEqualTo(1);
  }

  @Test
  void takeWaitsForTheFirstEvent() throws Exception {
    PendingEvents pending = new PendingEvents(10);
    CompletableFuture<List<KubernetesEventObservation>> taken =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return pending.take(10);
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    Thread.sleep(100);
    assertThat(taken).isNotDone();

    pending.offer(event("k1"));

    assertThat(keys(taken.get(5, TimeUnit.SECONDS))).containsExactly("k1");
  }

  @Test
  void aLimitBelowOneIsRefused() {
    assertThatThrownBy(() -> new PendingEvents(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
