package com.darwin.compute.core.domain;

import java.time.Duration;

/**
 * Exponential backoff shared by every retry loop (reconciler, outbox indexer, event forwarder): the
 * initial delay doubled per failed attempt, capped.
 */
public record Backoff(Duration initial, Duration max) {

  /**
   * @param attempt the failed attempts so far, from 1
   */
  public Duration after(int attempt) {
    long delay = initial.toMillis() << Math.min(Math.max(attempt, 1) - 1, 20);
    return Duration.ofMillis(Math.min(delay, max.toMillis()));
  }
}
