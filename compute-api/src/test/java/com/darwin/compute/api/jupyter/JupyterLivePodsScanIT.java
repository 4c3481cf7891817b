package com.darwin.compute.api.jupyter;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.api.ApiIntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The live pods are read without reading the deleted ones: the pool keeper and the reaper read them
 * every few seconds, and deleted pods stay as rows, as many as were ever made.
 */
class JupyterLivePodsScanIT extends ApiIntegrationTest {

  private static final int DELETED = 3000;

  @Autowired JdbcTemplate jdbc;

  @Test
  void theLivePodsAreFoundThroughAnIndexNotAScanOfEveryPodEverMade() {
    String prefix = "scan-" + Long.toString(System.nanoTime(), 36) + "-";
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < DELETED; i++) {
      rows.add(new Object[] {prefix + i});
    }
    try {
      jdbc.batchUpdate(
          "INSERT INTO jupyter_pods (name, cloud_env, namespace, status)"
              + " VALUES (?, 'sandbox', 'ray', 'deleted')",
          rows);
      jdbc.execute("ANALYZE TABLE jupyter_pods");
      // The statement the store's live() sends (JupyterPodRepository, derived from its name).
      List<Map<String, Object>> plan =
          jdbc.queryForList(
              "EXPLAIN SELECT * FROM jupyter_pods WHERE status IN ('creating', 'ready', 'failed')"
                  + " ORDER BY created_at, name");
      assertThat(plan).hasSize(1);
      assertThat(plan.get(0).get("key")).as(plan.toString()).isEqualTo("idx_jupyter_pods_status");
      assertThat(Long.parseLong(String.valueOf(plan.get(0).get("rows"))))
          .as(plan.toString())
          .isLessThan(DELETED / 10);
    } finally {
      jdbc.update("DELETE FROM jupyter_pods WHERE name LIKE ?", prefix + "%");
    }
  }
}
