package com.darwin.compute.bench.harness.benchmarks;

import com.darwin.compute.bench.harness.load.Comparison;
import com.darwin.compute.bench.harness.report.Quantity;
import com.darwin.compute.bench.harness.report.ResultRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The table lines of a latency comparison: p50, p99 and, when asked, throughput. */
final class ComparisonRows {

  private ComparisonRows() {}

  static List<ResultRow> of(
      String id, String subject, Comparison.Result result, double goal, boolean throughput) {
    List<ResultRow> rows = new ArrayList<>();
    rows.add(
        ResultRow.compared(
            id,
            subject,
            "p50",
            Quantity.millis(result.service().p50Millis()),
            Quantity.millis(result.floor().p50Millis()),
            goal));
    rows.add(
        ResultRow.compared(
            id,
            subject,
            "p99",
            Quantity.millis(result.service().p99Millis()),
            Quantity.millis(result.floor().p99Millis()),
            goal));
    if (throughput) {
      rows.add(
          ResultRow.compared(
              id,
              subject,
              "throughput",
              Quantity.perSecond(result.service().throughputPerSecond()),
              Quantity.perSecond(result.floor().throughputPerSecond()),
              goal));
    }
    return rows;
  }

  /** A details line: how many operations each side ran, and their extremes. */
  static String counts(String subject, Comparison.Result result) {
    return String.format(
        Locale.ROOT,
        "%s: %,d measured operations per side at concurrency %d; service mean %s ms, max %s ms;"
            + " floor mean %s ms, max %s ms.",
        subject,
        result.service().operations(),
        result.service().threads(),
        Quantity.number(result.service().meanMillis()),
        Quantity.number(result.service().maxMillis()),
        Quantity.number(result.floor().meanMillis()),
        Quantity.number(result.floor().maxMillis()));
  }
}
