package com.darwin.compute.core.termination;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Two sweeps doing the same work compare equal whichever clusters' intervals ended in them. */
class SweepReportTest {

  private static SweepReport reindexing(int reindexed, int statements) {
    return new SweepReport(10, 10, 10, reindexed, 0, 0, 0, 0, statements, 5);
  }

  @Test
  void theReindexingInsertsAreOnePerThousandClusters() {
    assertThat(reindexing(0, 2).statementsBesidesReindexing()).isEqualTo(2);
    assertThat(reindexing(1, 3).statementsBesidesReindexing()).isEqualTo(2);
    assertThat(reindexing(1_000, 3).statementsBesidesReindexing()).isEqualTo(2);
    assertThat(reindexing(1_001, 4).statementsBesidesReindexing()).isEqualTo(2);
  }
}
