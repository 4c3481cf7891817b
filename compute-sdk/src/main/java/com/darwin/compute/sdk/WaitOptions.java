package com.darwin.compute.sdk;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How {@link ComputeClient#awaitStatus} waits: overall timeout, the polling backoff (starting at
 * {@code initialPollInterval}, growing by half each poll up to {@code maxPollInterval}), how long a
 * dead head may stay dead before the wait fails, and where progress goes.
 *
 * <p>The grace period exists because a dead head is not final: KubeRay recreates the head pod, and
 * on a real cluster a new node can take minutes to arrive. Only a death that lasts is a failure.
 */
public record WaitOptions(
    Duration timeout,
    Duration initialPollInterval,
    Duration maxPollInterval,
    Duration deathGracePeriod,
    Consumer<WaitProgress> progress) {

  public static final Duration DEFAULT_INITIAL_POLL = Duration.ofMillis(500);
  public static final Duration DEFAULT_MAX_POLL = Duration.ofSeconds(5);
  public static final Duration DEFAULT_DEATH_GRACE = Duration.ofMinutes(2);

  public WaitOptions {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative");
    }
    initialPollInterval = positive(initialPollInterval, DEFAULT_INITIAL_POLL);
    maxPollInterval = positive(maxPollInterval, DEFAULT_MAX_POLL);
    if (maxPollInterval.compareTo(initialPollInterval) < 0) {
      maxPollInterval = initialPollInterval;
    }
    deathGracePeriod = deathGracePeriod == null ? DEFAULT_DEATH_GRACE : deathGracePeriod;
    progress = progress == null ? p -> {} : progress;
  }

  private static Duration positive(Duration value, Duration fallback) {
    return value == null || value.isZero() || value.isNegative() ? fallback : value;
  }

  /** Defaults for everything but the timeout. */
  public static WaitOptions timeout(Duration timeout) {
    return new WaitOptions(timeout, null, null, null, null);
  }

  public WaitOptions withProgress(Consumer<WaitProgress> callback) {
    return new WaitOptions(
        timeout, initialPollInterval, maxPollInterval, deathGracePeriod, callback);
  }

  public WaitOptions withPollInterval(Duration initial, Duration max) {
    return new WaitOptions(timeout, initial, max, deathGracePeriod, progress);
  }

  public WaitOptions withDeathGracePeriod(Duration grace) {
    return new WaitOptions(timeout, initialPollInterval, maxPollInterval, grace, progress);
  }
}
