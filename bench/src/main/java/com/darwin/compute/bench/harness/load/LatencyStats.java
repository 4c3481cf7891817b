package com.darwin.compute.bench.harness.load;

import org.HdrHistogram.Histogram;

/**
 * Latencies (HdrHistogram, nanoseconds) and throughput of a measured batch of operations.
 *
 * @param histogram every measured operation's latency; warm-up is not in it
 * @param operations how many operations were measured
 * @param wallNanos the wall time they took (summed over rounds)
 * @param threads how many threads ran them
 */
public record LatencyStats(Histogram histogram, long operations, long wallNanos, int threads) {

  /** Highest latency recorded exactly; longer ones fail the run (one minute is far beyond any). */
  static final long HIGHEST_TRACKABLE_NANOS = 60_000_000_000L;

  static Histogram newHistogram() {
    return new Histogram(HIGHEST_TRACKABLE_NANOS, 3);
  }

  public double p50Millis() {
    return histogram.getValueAtPercentile(50) / 1e6;
  }

  public double p99Millis() {
    return histogram.getValueAtPercentile(99) / 1e6;
  }

  public double maxMillis() {
    return histogram.getMaxValue() / 1e6;
  }

  public double meanMillis() {
    return histogram.getMean() / 1e6;
  }

  public double throughputPerSecond() {
    return operations / (wallNanos / 1e9);
  }

  /** This batch and {@code other} as one (rounds of the same measurement). */
  public LatencyStats plus(LatencyStats other) {
    if (other.threads != threads) {
      throw new IllegalArgumentException("cannot merge runs with different concurrency");
    }
    Histogram merged = histogram.copy();
    merged.add(other.histogram);
    return new LatencyStats(
        merged, operations + other.operations, wallNanos + other.wallNanos, threads);
  }
}
