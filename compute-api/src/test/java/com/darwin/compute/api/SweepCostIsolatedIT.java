package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.core.termination.AutoTerminationSweep;
import com.darwin.compute.core.termination.SweepReport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/** A sweep is a few batched statements, never one per cluster. */
@TestPropertySource(properties = "compute.termination.enabled=false")
class SweepCostIsolatedIT extends ApiIntegrationTest {

  @Autowired AutoTerminationSweep sweep;
  @Autowired JdbcTemplate jdbc;

  private List<String> busyClusters(int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String id = create(ClusterRequests.quickStart(unique("sweep-" + i)));
      sandbox.ray().setCpu(id, 0, List.of(90.0));
      ids.add(id);
    }
    ids.forEach(id -> awaitStatus(id, "active"));
    return ids;
  }

  @Test
  void theStatementCountDoesNotGrowWithTheNumberOfClusters() {
    List<String> first = busyClusters(4);
    SweepReport small = sweep.sweepOnce();
    assertThat(small.probed()).isGreaterThanOrEqualTo(first.size());
    assertThat(small.inUse()).isEqualTo(small.probed());
    assertThat(small.stopped()).isZero();

    busyClusters(8);
    SweepReport large = sweep.sweepOnce();
    assertThat(large.probed()).isGreaterThanOrEqualTo(small.probed() + 8);
    assertThat(large.inUse()).isEqualTo(large.probed());
    // One read of the running clusters and one batched last_used_at update: the same two
    // statements for 4 clusters and for 12 (no streak starts or ends, so none is written).
    assertThat(large.sqlStatements()).isEqualTo(small.sqlStatements());
    assertThat(large.sqlStatements()).isEqualTo(2);
  }

  @Test
  void aFailingProbeStreakIsWrittenWhenItStartsAndWhenItEndsOnly() {
    List<String> busy = busyClusters(2);
    String failing = busy.get(0);
    SweepReport before = sweep.sweepOnce();
    assertThat(failingSince(failing)).isNull();

    sandbox.ray().fail(failing, 503);
    SweepReport starts = sweep.sweepOnce();
    assertThat(starts.unknown()).isEqualTo(1);
    assertThat(failingSince(failing)).isNotNull();
    assertThat(starts.sqlStatements())
        .as("one more update starts the streak; the alert adds its dedupe read and its record")
        .isEqualTo(before.sqlStatements() + 3);

    SweepReport continues = sweep.sweepOnce();
    assertThat(continues.unknown()).isEqualTo(1);
    assertThat(continues.alerts()).isZero();
    assertThat(continues.sqlStatements()).isEqualTo(before.sqlStatements());

    sandbox.ray().reset(failing);
    sandbox.ray().setCpu(failing, 0, List.of(90.0));
    SweepReport ends = sweep.sweepOnce();
    assertThat(ends.unknown()).isZero();
    assertThat(failingSince(failing)).isNull();
    assertThat(ends.sqlStatements()).isEqualTo(before.sqlStatements() + 1);
  }

  private Object failingSince(String clusterId) {
    return jdbc.queryForObject(
        "SELECT probe_failing_since FROM clusters WHERE cluster_id = ?", Object.class, clusterId);
  }
}
