package com.darwin.compute.bench.harness.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Writes a run's {@code results.md} and {@code latency.png} into its own directory. */
public final class ResultsWriter {

  /** A benchmark's description and what it measured, for the report's sections. */
  public record Section(String id, String title, String against, BenchmarkResult result) {}

  /**
   * @param runId e.g. {@code 2026-11-21T07-45-00Z}
   * @param quick a smoke run with reduced counts
   * @param seconds the run's wall time
   * @param unfinished why the run ended before its other benchmarks (its time limit), or null
   */
  public record Run(
      String runId,
      boolean quick,
      long seconds,
      MachineInfo machine,
      double loadAverageAfter,
      List<Section> sections,
      String unfinished) {}

  public static final String CHART = "latency.png";

  private ResultsWriter() {}

  public static Path write(Run run, Path resultsDirectory) throws IOException {
    Path directory = resultsDirectory.resolve(run.runId());
    Files.createDirectories(directory);
    List<LatencyFigure> figures =
        run.sections().stream().flatMap(s -> s.result().latencies().stream()).toList();
    if (!figures.isEmpty()) {
      LatencyChart.write(figures, machineLine(run), directory.resolve(CHART));
    }
    Files.writeString(directory.resolve("results.md"), markdown(run, !figures.isEmpty()));
    return directory;
  }

  public static String markdown(Run run, boolean withChart) {
    StringBuilder out = new StringBuilder();
    out.append("# Darwin Compute benchmarks: ").append(run.runId()).append("\n\n");
    if (run.quick()) {
      out.append("**Quick smoke run (`-Dbench.quick=true`): reduced counts, not for comparison.**")
          .append("\n\n");
    }
    if (run.unfinished() != null) {
      out.append("**Incomplete run (")
          .append(run.unfinished())
          .append("). Only these benchmarks finished: ")
          .append(String.join(", ", run.sections().stream().map(Section::id).sorted().toList()))
          .append(". Each was measured against its own floor in this run; the others were not")
          .append(" measured.**\n\n");
    }
    out.append("Machine: ").append(run.machine().describe()).append(".  \n");
    out.append(
        String.format(
            Locale.ROOT,
            "Load average (1 min) when the run started: %.2f, when it ended: %.2f%s.  %n",
            run.machine().loadAverage(),
            run.loadAverageAfter(),
            run.machine().loadAverage() >= 1.0
                ? " (other work was already running on the machine when the run started: absolute"
                    + " figures may be pessimistic)"
                : ""));
    out.append("The run took ").append(run.seconds()).append(" s.\n\n");
    out.append(
        "**Ratio** = how many times worse than the floor: service ÷ floor for times and request"
            + " rates, floor ÷ service for throughput; lower is better, 1x is the floor itself."
            + " Both sides are measured in this run, on this machine, the same way and in"
            + " alternating rounds. The absolute figures beside the ratios are this machine's"
            + " only: compare ratios between runs and machines, not milliseconds.\n\n");
    out.append(ResultsTable.markdown(rows(run))).append('\n');
    if (withChart) {
      out.append("![p50 and p99 per benchmark, service against floor](")
          .append(CHART)
          .append(")\n\n");
    }
    List<Section> sections =
        run.sections().stream().sorted(java.util.Comparator.comparing(Section::id)).toList();
    out.append("## What each figure is measured against\n\n");
    for (Section section : sections) {
      out.append("**")
          .append(section.id())
          .append(", ")
          .append(section.title())
          .append(".** ")
          .append(section.against())
          .append("\n\n");
    }
    out.append("## Details\n\n");
    for (Section section : sections) {
      if (section.result().details().isEmpty()) {
        continue;
      }
      out.append("### ").append(section.id()).append(", ").append(section.title()).append("\n\n");
      section.result().details().forEach(line -> out.append("- ").append(line).append('\n'));
      out.append('\n');
    }
    return out.toString();
  }

  /** Every section's rows, by benchmark id (sections may run in another order). */
  public static List<ResultRow> rows(Run run) {
    return run.sections().stream()
        .sorted(java.util.Comparator.comparing(Section::id))
        .flatMap(s -> s.result().rows().stream())
        .toList();
  }

  private static String machineLine(Run run) {
    return String.format(
        Locale.ROOT,
        "%s; %s; this machine's figures, %d cores, load average %.2f at start",
        run.runId(),
        run.machine().jdk(),
        run.machine().cores(),
        run.machine().loadAverage());
  }
}
