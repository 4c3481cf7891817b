package com.darwin.compute.core.termination;

import com.darwin.compute.core.store.ClusterRows;
import com.darwin.compute.core.store.IdBatches;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Calendar;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Clusters busy with work the idleness probes do not see: an install or a remote command running on
 * a pod (within its deadline), or a library added or retried a moment ago that no pod has taken yet
 * (the runner claims pods a moment after they are ready, when a sweep may already see the cluster
 * active; one that waits longer for a free exec, past {@code compute.pod-tasks.max-running}, the
 * runner marks used itself every pass). Stopping such a cluster would kill the work under it. Both
 * are bounded in time, so a stuck row never keeps an idle cluster (and its cost) running: a task
 * past its deadline, or a library no pod took within {@link #UNCLAIMED_LIBRARY}, is not work.
 */
@Component
public class ClustersAtWork {

  /** How long a library may wait for its first pod before it no longer counts as work. */
  static final Duration UNCLAIMED_LIBRARY = Duration.ofMinutes(10);

  private final JdbcTemplate jdbc;

  public ClustersAtWork(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Those of the clusters at work at {@code now}, one statement per thousand ids. */
  public Set<String> among(Collection<String> clusterIds, Instant now) {
    Set<String> working = new HashSet<>();
    for (List<String> batch : IdBatches.of(clusterIds)) {
      String marks = String.join(",", Collections.nCopies(batch.size(), "?"));
      String sql =
          "SELECT cluster_id FROM pod_tasks WHERE status = 'RUNNING' AND deadline > ?"
              + " AND cluster_id IN ("
              + marks
              + ") UNION SELECT cluster_id FROM cluster_libraries WHERE status = 'RUNNING'"
              + " AND updated_at > ? AND cluster_id IN ("
              + marks
              + ")";
      working.addAll(
          jdbc.query(
              sql, (PreparedStatement ps) -> bind(ps, batch, now), (row, n) -> row.getString(1)));
    }
    return working;
  }

  private static void bind(PreparedStatement ps, List<String> ids, Instant now)
      throws SQLException {
    // As the rows were written: instants in UTC (ClusterRows reads them the same way).
    Calendar utc = ClusterRows.utc();
    int i = 1;
    ps.setTimestamp(i++, Timestamp.from(now), utc);
    for (String id : ids) {
      ps.setString(i++, id);
    }
    ps.setTimestamp(i++, Timestamp.from(now.minus(UNCLAIMED_LIBRARY)), utc);
    for (String id : ids) {
      ps.setString(i++, id);
    }
  }
}
