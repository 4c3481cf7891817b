package com.darwin.compute.bench.harness.report;

import java.util.List;

/**
 * What a benchmark measured.
 *
 * @param rows its lines in the results table
 * @param latencies its bar pairs in the latency chart (none for non-latency benchmarks)
 * @param details Markdown lines for its section in results.md: counts, set-up, breakdowns
 */
public record BenchmarkResult(
    List<ResultRow> rows, List<LatencyFigure> latencies, List<String> details) {

  public BenchmarkResult {
    rows = List.copyOf(rows);
    latencies = List.copyOf(latencies);
    details = List.copyOf(details);
  }
}
