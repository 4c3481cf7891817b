package com.darwin.compute.sdk;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How failed calls are repeated: up to {@code maxAttempts} sends in all, waiting an exponentially
 * growing, jittered delay between them (half fixed, half random, so that many clients failing
 * together do not come back together), never more than {@code maxBackoff}.
 *
 * <p>What is retried depends on the call, not on this policy: every call is retried when the
 * connection could not be made (nothing was sent); idempotent calls also on 5xx, 429 and I/O errors
 * after sending. See {@link ComputeClient}.
 */
public record RetryPolicy(
    int maxAttempts, Duration initialBackoff, Duration maxBackoff, double multiplier) {

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    initialBackoff = initialBackoff == null ? Duration.ofMillis(200) : initialBackoff;
    maxBackoff = maxBackoff == null ? Duration.ofSeconds(5) : maxBackoff;
    if (multiplier < 1) {
      throw new IllegalArgumentException("multiplier must be at least 1");
    }
  }

  /** Four attempts, 200 ms, 400 ms, 800 ms apart (before jitter): about 1.5 s of retrying. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(4, Duration.ofMillis(200), Duration.ofSeconds(5), 2.0);
  }

  /** Every call is sent once. */
  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1.0);
  }

  /** The pause before attempt {@code failedAttempts + 1}. */
  Duration backoffAfter(int failedAttempts) {
    double base = initialBackoff.toMillis() * Math.pow(multiplier, failedAttempts - 1.0);
    long capped = (long) Math.min(base, maxBackoff.toMillis());
    if (capped <= 1) {
      return Duration.ofMillis(Math.max(capped, 0));
    }
    long half = capped / 2;
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(capped - half + 1));
  }
}
