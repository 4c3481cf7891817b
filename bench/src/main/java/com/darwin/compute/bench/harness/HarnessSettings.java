package com.darwin.compute.bench.harness;

import com.darwin.compute.bench.harness.load.Comparison.Load;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How much work each benchmark does. The defaults take about 12 minutes on a 2-core machine (B5
 * spends 3 of them bringing its clusters up), within the harness's 15-minute limit; {@code
 * -Dbench.quick=true} is a smoke run with far smaller counts (its report says so, and every row
 * names the counts it was measured with).
 *
 * @param b1Clusters cluster rows the reads pick from
 * @param b1Serial reads at concurrency 1
 * @param b1Concurrent reads at concurrency 32
 * @param b2 creates
 * @param b3Documents search documents bulk-loaded into Elasticsearch
 * @param b3 searches per query shape at concurrency 1
 * @param b3Concurrent searches per query shape at concurrency 32
 * @param b4Clusters active clusters the auto-termination sweep goes over
 * @param b4Rounds measured sweeps (and as many floor rounds, alternating)
 * @param b5Clusters idle clusters the reconciler knows
 * @param b5Window how long requests to the Kubernetes API are counted
 * @param b5SetupTimeout how long the idle clusters may take to become active
 * @param resyncInterval the reconciler's resync for the whole run (the Python poller's period, so
 *     B5 compares like with like)
 * @param operatorDelay the simulated operator's readiness delays
 * @param scaleSteps cluster counts of the sweep and resync growth steps (S)
 * @param resultsDirectory where each run's directory is created
 */
public record HarnessSettings(
    boolean quick,
    int b1Clusters,
    Load b1Serial,
    Load b1Concurrent,
    Load b2,
    int b3Documents,
    Load b3,
    Load b3Concurrent,
    int b4Clusters,
    int b4Rounds,
    int b5Clusters,
    Duration b5Window,
    Duration b5SetupTimeout,
    Duration resyncInterval,
    Duration operatorDelay,
    Path resultsDirectory,
    java.util.List<Integer> scaleSteps) {

  static HarnessSettings fromSystemProperties() {
    boolean quick = Boolean.getBoolean("bench.quick");
    Path results = Path.of(System.getProperty("bench.results", defaultResultsDirectory()));
    if (quick) {
      return new HarnessSettings(
          true,
          200,
          new Load(1, 200, 200, 2),
          new Load(32, 400, 800, 2),
          new Load(1, 2, 5, 2),
          Integer.getInteger("bench.b3.documents", 5_000),
          new Load(1, 20, 30, 2),
          new Load(32, 60, 120, 2),
          Integer.getInteger("bench.b4.clusters", 500),
          2,
          Integer.getInteger("bench.b5.clusters", 50),
          Duration.ofSeconds(20),
          Duration.ofMinutes(3),
          Duration.ofSeconds(10),
          Duration.ofMillis(50),
          results,
          java.util.List.of(100, 1_000, 10_000));
    }
    return new HarnessSettings(
        false,
        1_000,
        new Load(1, Integer.getInteger("bench.b1.warmup", 1_500), 1_000, 3),
        new Load(32, Integer.getInteger("bench.b1.concurrent-warmup", 3_000), 4_000, 3),
        new Load(
            1,
            Integer.getInteger("bench.b2.warmup", 5),
            Integer.getInteger("bench.b2.per-round", 15),
            3),
        Integer.getInteger("bench.b3.documents", 100_000),
        new Load(1, Integer.getInteger("bench.b3.warmup", 100), 100, 3),
        new Load(32, Integer.getInteger("bench.b3.concurrent-warmup", 300), 600, 3),
        Integer.getInteger("bench.b4.clusters", 10_000),
        3,
        Integer.getInteger("bench.b5.clusters", 1_000),
        Duration.ofSeconds(Long.getLong("bench.b5.window-seconds", 60)),
        Duration.ofMinutes(5),
        Duration.ofSeconds(10),
        Duration.ofMillis(50),
        results,
        java.util.List.of(1_000, 10_000, 100_000));
  }

  /** {@code bench/results} when run from the repository root, else {@code results}. */
  private static String defaultResultsDirectory() {
    return Path.of("bench").toFile().isDirectory() ? "bench/results" : "results";
  }
}
