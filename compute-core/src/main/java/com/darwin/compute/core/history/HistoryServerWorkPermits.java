package com.darwin.compute.core.history;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * How many Spark History Server changes hold their row lock at once on a replica. Each holds its
 * row, and a database connection with it, while it applies or deletes the server's objects on
 * Kubernetes: against an API server that answers slowly, that is seconds to tens of seconds each,
 * and as many concurrent stops and deletes as the pool has connections (32) took every one of them
 * from the other requests, the reconciler and the scheduled jobs. At most a quarter of the pool
 * ({@code spring.datasource.hikari.maximum-pool-size}, 8 of the 32 by default) at once; one more
 * waits for a place up to {@link #WAIT}, then is a 503.
 */
@Component
class HistoryServerWorkPermits {

  static final Duration WAIT = Duration.ofSeconds(20);

  /** Hikari's own pool size when the setting is not given. */
  private static final int HIKARI_DEFAULT_POOL_SIZE = 10;

  private final Semaphore permits;
  private final Duration wait;

  @Autowired
  HistoryServerWorkPermits(Environment environment) {
    this(
        forPoolOf(
            environment.getProperty(
                "spring.datasource.hikari.maximum-pool-size",
                Integer.class,
                HIKARI_DEFAULT_POOL_SIZE)),
        WAIT);
  }

  /** A quarter of a pool of {@code poolSize} connections, and at least one. */
  static int forPoolOf(int poolSize) {
    return Math.max(1, poolSize / 4);
  }

  HistoryServerWorkPermits(int permits, Duration wait) {
    this.permits = new Semaphore(permits, true);
    this.wait = wait;
  }

  /** How many changes may start now. */
  int freePlaces() {
    return permits.availablePermits();
  }

  /** Runs {@code work} once a place is free, or throws when none frees up within the wait. */
  <T> T within(Supplier<T> work) {
    boolean acquired;
    try {
      acquired = permits.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HistoryServerUnavailableException("Interrupted while waiting to change it", e);
    }
    if (!acquired) {
      throw new HistoryServerUnavailableException(
          "Too many Spark History Server changes are under way on this replica; try again shortly",
          null);
    }
    try {
      return work.get();
    } finally {
      permits.release();
    }
  }
}
