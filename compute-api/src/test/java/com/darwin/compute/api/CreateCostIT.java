package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.core.cluster.ClusterService;
import com.darwin.compute.core.cluster.WrittenAlong;
import com.darwin.compute.core.domain.Actor;
import com.darwin.compute.core.store.SqlStatementCounter;
import com.darwin.compute.model.cluster.ClusterCreated;
import com.darwin.compute.model.cluster.ClusterRequest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a create writes (issue 21): the cluster row once, already in its starting state, and one
 * search outbox row, however many timeline entries the create makes.
 */
class CreateCostIT extends ApiIntegrationTest {

  @Autowired ClusterService clusters;
  @Autowired JdbcTemplate jdbc;

  private final JsonMapper json = JsonMapper.builder().build();

  @Test
  void aStartedCreateWritesItsRowOnceAndOneOutboxRow() {
    ClusterRequest request =
        json.readValue(ClusterRequests.quickStart(unique("create-cost")), ClusterRequest.class);

    SqlStatementCounter.start();
    ClusterCreated created;
    int statements;
    try {
      created =
          clusters.create(
              request, new Actor("user@example.com", "127.0.0.1"), WrittenAlong.NOTHING);
    } finally {
      statements = SqlStatementCounter.stop();
    }

    String id = created.clusterId();
    // Started at once: no version bump from an UPDATE after the INSERT.
    assertThat(
            jdbc.queryForObject(
                "SELECT version FROM clusters WHERE cluster_id = ?", Long.class, id))
        .isZero();
    assertThat(
            jdbc.queryForObject(
                "SELECT desired_state FROM clusters WHERE cluster_id = ?", String.class, id))
        .isEqualTo("RUNNING");
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM cluster_actions WHERE cluster_id = ?", Integer.class, id))
        .isEqualTo(2);
    // 15 before issue 21 (an UPDATE of the row just inserted, a second outbox row); the rest are
    // the name and runtime checks and the timeline's actions and events (IDENTITY rows).
    assertThat(statements).isLessThanOrEqualTo(13);
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM search_outbox WHERE cluster_id = ?", Integer.class, id))
        .isLessThanOrEqualTo(1);
  }
}
