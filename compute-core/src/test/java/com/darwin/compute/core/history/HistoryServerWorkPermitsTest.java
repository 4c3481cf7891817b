package com.darwin.compute.core.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class HistoryServerWorkPermitsTest {

  @Test
  void aQuarterOfTheConfiguredConnectionPoolAndAtLeastOne() {
    assertThat(HistoryServerWorkPermits.forPoolOf(32)).isEqualTo(8);
    assertThat(HistoryServerWorkPermits.forPoolOf(3)).isEqualTo(1);
    MockEnvironment twentyConnections =
        new MockEnvironment().withProperty("spring.datasource.hikari.maximum-pool-size", "20");
    assertThat(new HistoryServerWorkPermits(twentyConnections).freePlaces()).isEqualTo(5);
    // Not set: Hikari's own 10.
    assertThat(new HistoryServerWorkPermits(new MockEnvironment()).freePlaces()).isEqualTo(2);
  }

  @Test
  void changesBeyondThePermitsWaitThenAre503sAndAFreedPlaceIsTakenAgain() throws Exception {
    HistoryServerWorkPermits permits = new HistoryServerWorkPermits(2, Duration.ofMillis(200));
    CountDownLatch holding = new CountDownLatch(2);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> first = pool.submit(() -> permits.within(() -> hold(holding, release)));
      Future<?> second = pool.submit(() -> permits.within(() -> hold(holding, release)));
      assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();

      // Both places held (two applies against a slow API server): a third waits, then is refused.
      long began = System.nanoTime();
      assertThatThrownBy(() -> permits.within(() -> "third"))
          .isInstanceOf(HistoryServerUnavailableException.class)
          .hasMessageContaining("Too many Spark History Server changes");
      assertThat(Duration.ofNanos(System.nanoTime() - began))
          .isGreaterThanOrEqualTo(Duration.ofMillis(150));

      release.countDown();
      first.get(5, TimeUnit.SECONDS);
      second.get(5, TimeUnit.SECONDS);
      assertThat(permits.within(() -> "fourth")).isEqualTo("fourth");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aPlaceIsGivenBackWhenTheWorkFails() {
    HistoryServerWorkPermits permits = new HistoryServerWorkPermits(1, Duration.ofMillis(100));
    assertThatThrownBy(
            () ->
                permits.within(
                    () -> {
                      throw new IllegalStateException("Kubernetes refused it");
                    }))
        .isInstanceOf(IllegalStateException.class);
    assertThat(permits.within(() -> "next")).isEqualTo("next");
  }

  private static String hold(CountDownLatch holding, CountDownLatch release) {
    holding.countDown();
    try {
      release.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return "held";
  }
}
