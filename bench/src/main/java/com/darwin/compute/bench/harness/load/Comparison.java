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
    Several several = run(load, service, java.util.List.of(floor));
    return new Result(several.service(), several.floors().get(0));
  }

  /** The service and several floors of the same work (e.g. raw JDBC and JDBC over bare HTTP). */
  public record Several(LatencyStats service, java.util.List<LatencyStats> floors) {}

  /**
   * The service and each floor, all warmed up, then measured in alternating rounds (service, floor
   * 1, floor 2, service, ...).
   */
  public static Several run(Load load, Operation service, java.util.List<Operation> floors)
      throws BenchmarkFailure {
    java.util.List<Operation> sides = new java.util.ArrayList<>();
    sides.add(service);
    sides.addAll(floors);
    int[] indexes = new int[sides.size()];
    if (load.warmupOperations() > 0) {
      for (int s = 0; s < sides.size(); s++) {
        LoadGenerator.run(load.threads(), load.warmupOperations(), indexes[s], sides.get(s));
        indexes[s] += load.warmupOperations();
      }
    }
    LatencyStats[] stats = new LatencyStats[sides.size()];
    for (int round = 0; round < load.rounds(); round++) {
      for (int s = 0; s < sides.size(); s++) {
        LatencyStats measured =
            LoadGenerator.run(load.threads(), load.operationsPerRound(), indexes[s], sides.get(s));
        indexes[s] += load.operationsPerRound();
        stats[s] = stats[s] == null ? measured : stats[s].plus(measured);
      }
    }
    if (stats[0] == null) {
      throw new BenchmarkFailure("a comparison needs at least one round");
    }
    return new Several(stats[0], java.util.List.of(stats).subList(1, stats.length));
  }
}
