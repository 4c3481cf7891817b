package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.core.termination.AutoTerminationSweep;
import com.darwin.compute.core.termination.SweepReport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/** A sweep is a few batched statements, never one per cluster. */
@TestPropertySource(properties = "compute.termination.enabled=false")
class SweepCostIsolatedIT extends ApiIntegrationTest {

  @Autowired AutoTerminationSweep sweep;

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
    // One read of the running clusters, one batched last_used_at update, one update ending
    // failing-probe streaks: the same three statements for 4 clusters and for 12.
    assertThat(large.sqlStatements()).isEqualTo(small.sqlStatements());
    assertThat(large.sqlStatements()).isLessThanOrEqualTo(4);
  }
}
