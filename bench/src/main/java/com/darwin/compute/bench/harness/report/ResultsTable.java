package com.darwin.compute.bench.harness.report;

import java.util.List;

/** The results as a Markdown table: one line per figure, the ratio first among the numbers. */
public final class ResultsTable {

  private ResultsTable() {}

  public static String markdown(List<ResultRow> rows) {
    StringBuilder out = new StringBuilder();
    out.append("| # | Benchmark (against what) | Metric | Ratio | Goal | Met? ")
        .append("| Service (this machine) | Floor (this machine) |\n");
    out.append("|---|---|---|---:|---:|:---:|---:|---:|\n");
    for (ResultRow row : rows) {
      out.append("| ")
          .append(row.benchmark())
          .append(" | ")
          .append(escape(row.subject()))
          .append(" | ")
          .append(row.metric())
          .append(" | ")
          .append(row.ratioText())
          .append(" | ")
          .append(row.goalText())
          .append(" | ")
          .append(row.metText())
          .append(" | ")
          .append(row.service() == null ? escape(row.note()) : row.service().format())
          .append(" | ")
          .append(floorCell(row))
          .append(" |\n");
    }
    return out.toString();
  }

  private static String floorCell(ResultRow row) {
    if (row.floor() != null) {
      return row.floor().format();
    }
    return row.service() != null && row.note() != null ? escape(row.note()) : "—";
  }

  private static String escape(String text) {
    return text.replace("|", "\\|");
  }
}
