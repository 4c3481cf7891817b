package com.darwin.compute.bench.harness.benchmarks;

import com.darwin.compute.bench.harness.BenchContext;
import com.darwin.compute.bench.harness.report.BenchmarkResult;
import com.darwin.compute.bench.harness.report.ResultRow;
import java.util.List;

/**
 * B4: the auto-termination sweep over 10,000 active clusters (wall time and SQL statements per
 * sweep). NOT MEASURED YET: the sweep ({@code
 * com.darwin.compute.core.termination.AutoTerminationSweep#sweepOnce}) is being built, and this
 * harness prints no figure it did not measure.
 *
 * <p>To measure it once it lands, replace {@link #run}: insert 10,000 started clusters with {@code
 * context.rows().insertStarted(...)}, bring them to {@code active} (see {@link
 * IdleClustersBenchmark}), take {@code context.service().bean(AutoTerminationSweep.class)}, call
 * {@code sweepOnce()} a few times after a warm-up, and report its {@code durationMillis()} and
 * {@code sqlStatements()}; {@code context.statementCounters()} cross-checks the statement count
 * from MariaDB's side.
 */
public final class SweepBenchmark implements Benchmark {

  @Override
  public String id() {
    return "B4";
  }

  @Override
  public String title() {
    return "auto-termination sweep over 10,000 active clusters";
  }

  @Override
  public String against() {
    return "Not measured yet: needs the auto-termination sweep. It will report the wall time and"
        + " the SQL statements of one sweep over 10,000 active clusters.";
  }

  @Override
  public BenchmarkResult run(BenchContext context) {
    return new BenchmarkResult(
        List.of(
            ResultRow.notMeasured(
                id(),
                "Auto-termination sweep over 10,000 active clusters: wall time and SQL statements"
                    + " per sweep",
                "not measured: needs the auto-termination sweep")),
        List.of(),
        List.of());
  }
}
