package com.darwin.compute.bench.harness.benchmarks;

import com.darwin.compute.bench.harness.BenchContext;
import com.darwin.compute.bench.harness.report.BenchmarkResult;

/**
 * One benchmark of the list. Adding one (B4, once the auto-termination sweep exists) is a
 * class implementing this and a line in {@code Harness}'s list.
 */
public interface Benchmark {

  /** {@code B1} ... {@code B6}. */
  String id();

  /** What it measures, in a few words. */
  String title();

  /** A Markdown paragraph: what exactly is timed or counted, and against what. */
  String against();

  /** Measures. Throws when anything fails: a benchmark with an error has no result. */
  BenchmarkResult run(BenchContext context) throws Exception;
}
