package com.darwin.compute.bench.harness.load;

/**
 * The service and its floor measured the same way in the same run: both warmed up, then measured in
 * alternating rounds (service, floor, service, floor, ...) so that a burst of load from elsewhere
 * on a shared machine lands on both sides rather than on one.
 */
public final class Comparison {

  /**
   * How much load one comparison applies.
   *
   * @param threads concurrency
   * @param warmupOperations per side, not measured (JIT, connection pools, caches)
   * @param operationsPerRound per side and round
   * @param rounds alternating measured rounds
   */
  public record Load(int threads, int warmupOperations, int operationsPerRound, int rounds) {}

  /** Both sides' measurements. */
  public record Result(LatencyStats service, LatencyStats floor) {}

  private Comparison() {}

  public static Result run(Load load, Operation service, Operation floor) throws BenchmarkFailure {
    int serviceIndex = 0;
    int floorIndex = 0;
    if (load.warmupOperations() > 0) {
      LoadGenerator.run(load.threads(), load.warmupOperations(), serviceIndex, service);
      serviceIndex += load.warmupOperations();
      LoadGenerator.run(load.threads(), load.warmupOperations(), floorIndex, floor);
      floorIndex += load.warmupOperations();
    }
    LatencyStats serviceStats = null;
    LatencyStats floorStats = null;
    for (int round = 0; round < load.rounds(); round++) {
      LatencyStats s =
          LoadGenerator.run(load.threads(), load.operationsPerRound(), serviceIndex, service);
      serviceIndex += load.operationsPerRound();
      LatencyStats f =
          LoadGenerator.run(load.threads(), load.operationsPerRound(), floorIndex, floor);
      floorIndex += load.operationsPerRound();
      serviceStats = serviceStats == null ? s : serviceStats.plus(s);
      floorStats = floorStats == null ? f : floorStats.plus(f);
    }
    if (serviceStats == null) {
      throw new BenchmarkFailure("a comparison needs at least one round");
    }
    return new Result(serviceStats, floorStats);
  }
}
