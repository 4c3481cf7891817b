package com.darwin.compute.core.termination;

import com.darwin.compute.core.store.IdBatches;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Clusters busy with work the idleness probes do not see: a library waiting for its install or
 * installing (the runner claims its pods a moment after they are ready, when a sweep may already
 * see the cluster active), or an install or remote command running on a pod. Stopping such a
 * cluster would kill the work under it.
 */
@Component
public class ClustersAtWork {

  private final JdbcTemplate jdbc;

  public ClustersAtWork(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Those of the clusters at work, one statement per thousand ids. */
  public Set<String> among(Collection<String> clusterIds) {
    Set<String> working = new HashSet<>();
    for (List<String> batch : IdBatches.of(clusterIds)) {
      String marks = String.join(",", Collections.nCopies(batch.size(), "?"));
      Object[] args = new Object[batch.size() * 2];
      for (int i = 0; i < batch.size(); i++) {
        args[i] = batch.get(i);
        args[batch.size() + i] = batch.get(i);
      }
      working.addAll(
          jdbc.queryForList(
              "SELECT cluster_id FROM cluster_libraries WHERE status = 'RUNNING' AND cluster_id IN ("
                  + marks
                  + ") UNION SELECT cluster_id FROM pod_tasks WHERE status = 'RUNNING'"
                  + " AND cluster_id IN ("
                  + marks
                  + ")",
              String.class,
              args));
    }
    return working;
  }
}
