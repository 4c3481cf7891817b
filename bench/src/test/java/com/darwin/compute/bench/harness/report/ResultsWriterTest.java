package com.darwin.compute.bench.harness.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsWriterTest {

  private static final MachineInfo MACHINE =
      new MachineInfo(2, "test CPU", 24_000, "test JDK", "test OS", 0.5);

  private static ResultsWriter.Section section(String id, String subject) {
    return new ResultsWriter.Section(
        id,
        "title of " + id,
        "what " + id + " is measured against",
        new BenchmarkResult(
            List.of(ResultRow.notMeasured(id, subject, "reason of " + id)),
            List.of(),
            List.of("detail of " + id)));
  }

  @Test
  void aRunCutShortByItsTimeLimitIsWrittenWithWhatFinishedAndSaysSo(@TempDir Path results)
      throws Exception {
    ResultsWriter.Run run =
        new ResultsWriter.Run(
            "2026-12-07T07-00-00Z",
            false,
            900,
            MACHINE,
            1.5,
            List.of(section("B6", "memory"), section("B1", "reads")),
            "not finished within 15 min: ended while B5 (scale) ran");

    Path written = ResultsWriter.write(run, results);

    String report = Files.readString(written.resolve("results.md"));
    assertThat(written).isEqualTo(results.resolve("2026-12-07T07-00-00Z"));
    assertThat(report)
        .contains(
            "**Incomplete run (not finished within 15 min: ended while B5 (scale) ran). Only"
                + " these benchmarks finished: B1, B6.")
        .contains("reads", "memory", "detail of B1", "detail of B6");
  }

  @Test
  void aFinishedRunSaysNothingOfBeingIncomplete() {
    ResultsWriter.Run run =
        new ResultsWriter.Run(
            "2026-12-07T07-00-00Z",
            false,
            700,
            MACHINE,
            1.5,
            List.of(section("B1", "reads")),
            null);

    assertThat(ResultsWriter.markdown(run, false)).contains("reads").doesNotContain("Incomplete");
  }
}
