package com.darwin.compute.api.termination;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.api.ApiIntegrationTest;
import com.darwin.compute.api.ClusterRequests;
import com.darwin.compute.api.ScheduledJobLock;
import com.darwin.compute.core.store.ClusterRows;
import com.darwin.compute.core.termination.ClustersAtWork;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Which clusters the idle sweep leaves alone for their installs and commands, on the real database:
 * work within its time, never a stuck row (which would keep an idle cluster, and its cost, running
 * for good).
 */
class ClustersAtWorkIT extends ApiIntegrationTest {

  @Autowired ClustersAtWork atWork;
  @Autowired JdbcTemplate jdbc;
  @Autowired LockProvider locks;

  private final Instant now = Instant.now();

  private void task(String clusterId, String status, Instant deadline) {
    jdbc.update(
        "INSERT INTO pod_tasks (kind, ref, pod_uid, cluster_id, pod_name, status, started_at,"
            + " deadline) VALUES ('COMMAND', ?, ?, ?, 'pod', ?, ?, ?)",
        ps -> {
          ps.setString(1, "ref-" + clusterId);
          ps.setString(2, "uid-" + clusterId);
          ps.setString(3, clusterId);
          ps.setString(4, status);
          ps.setTimestamp(5, Timestamp.from(now.minusSeconds(60)), ClusterRows.utc());
          ps.setTimestamp(6, Timestamp.from(deadline), ClusterRows.utc());
        });
  }

  private void library(String clusterId, String status, Instant updated) {
    jdbc.update(
        "INSERT INTO cluster_libraries (cluster_id, source, type, name, request_key, status,"
            + " execution_id, created_by, created_at, updated_at)"
            + " VALUES (?, 'PYPI', 'PYPI', 'numpy', ?, ?, 'exec', 'u@example.com', ?, ?)",
        ps -> {
          ps.setString(1, clusterId);
          ps.setString(2, String.format("%064d", Math.abs(clusterId.hashCode())));
          ps.setString(3, status);
          ps.setTimestamp(4, Timestamp.from(updated), ClusterRows.utc());
          ps.setTimestamp(5, Timestamp.from(updated), ClusterRows.utc());
        });
  }

  @Test
  void workWithinItsTimeCountsAndStuckRowsDoNot() {
    // The pod-task runner is held off: its pass deletes the libraries of clusters that do not
    // exist (these rows' clusters) and would settle the others, between these writes and the read.
    SimpleLock runner = ScheduledJobLock.hold(locks, "pod-tasks");
    try {
      assertAtWork();
    } finally {
      runner.unlock();
    }
  }

  private void assertAtWork() {
    // Tasks of clusters that exist and run: the pod-task runner forgets the others' at once.
    String running = create(ClusterRequests.quickStart(unique("at-work-run")));
    String pastDeadline = create(ClusterRequests.quickStart(unique("at-work-late")));
    String finished = create(ClusterRequests.quickStart(unique("at-work-done")));
    String waiting = unique("id-wait");
    String stuck = unique("id-stuck");
    String installed = unique("id-inst");
    task(running, "RUNNING", now.plus(Duration.ofMinutes(5)));
    task(pastDeadline, "RUNNING", now.minusSeconds(5));
    task(finished, "SUCCESS", now.plus(Duration.ofMinutes(5)));
    library(waiting, "RUNNING", now.minusSeconds(30));
    library(stuck, "RUNNING", now.minus(Duration.ofMinutes(11)));
    library(installed, "SUCCESS", now.minusSeconds(30));

    assertThat(
            atWork.among(
                List.of(running, pastDeadline, finished, waiting, stuck, installed, "id-none"),
                now))
        .containsExactlyInAnyOrder(running, waiting);
  }
}
