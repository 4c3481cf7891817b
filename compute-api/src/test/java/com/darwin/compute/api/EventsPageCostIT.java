package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.core.event.ClusterEventService;
import com.darwin.compute.core.event.ClusterEventService.EventQuery;
import com.darwin.compute.core.store.SqlStatementCounter;
import com.darwin.compute.model.event.ClusterEventPage;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A page of a cluster's events costs the page, whatever the cluster's history: an autoscaling
 * cluster's events grow by thousands a day, and none is ever deleted.
 */
class EventsPageCostIT extends ApiIntegrationTest {

  private static final int HISTORY = 3000;

  @Autowired ClusterEventService service;
  @Autowired JdbcTemplate jdbc;

  @Test
  void aFullPageIsReadWithoutCountingTheRestOfTheHistory() {
    String id = create(ClusterRequests.stoppedQuickStart(unique("events-page")));
    EventQuery oneEach = new EventQuery(List.of(), null, null, false, 1, null);

    SqlStatementCounter.start();
    ClusterEventPage page;
    int statements;
    try {
      page = service.events(id, oneEach);
    } finally {
      statements = SqlStatementCounter.stop();
    }
    // Whether the cluster is known, and the page (with one more row, to tell whether another
    // follows): no count of every event of the cluster.
    assertThat(statements).isEqualTo(2);
    assertThat(page.events()).hasSize(1);
    assertThat(page.nextPageToken()).isNotNull();
  }

  @Test
  void aPageOfALongHistoryStopsAfterItsRowsInIdOrder() {
    String id = "evpage" + Long.toString(System.nanoTime(), 36);
    String later = id + "x";
    List<Object[]> rows = new ArrayList<>();
    Timestamp at = Timestamp.from(Instant.parse("2026-01-01T00:00:00Z"));
    // The cluster's history, then as much of another's after it: newest first by the primary key
    // alone, a page would read the other's first.
    for (int i = 0; i < HISTORY; i++) {
      rows.add(new Object[] {id, at});
    }
    for (int i = 0; i < HISTORY; i++) {
      rows.add(new Object[] {later, at});
    }
    try {
      jdbc.batchUpdate(
          "INSERT INTO cluster_events (cluster_id, event_type, severity, source, message,"
              + " created_at, forwarded) VALUES (?, 'CLUSTER_CREATED', 'INFO', 'CONTROL_PLANE',"
              + " 'made', ?, TRUE)",
          rows);
      jdbc.execute("ANALYZE TABLE cluster_events");
      // The statement a page sends (newest first), as Hibernate writes it.
      List<Map<String, Object>> plan =
          jdbc.queryForList(
              "EXPLAIN SELECT * FROM cluster_events WHERE cluster_id = ? ORDER BY id DESC LIMIT 21",
              id);
      assertThat(plan).hasSize(1);
      assertThat(plan.get(0).get("key")).as(plan.toString()).isEqualTo("idx_events_cluster_id");
      assertThat(String.valueOf(plan.get(0).get("Extra"))).doesNotContain("filesort");
    } finally {
      jdbc.update("DELETE FROM cluster_events WHERE cluster_id IN (?, ?)", id, later);
    }
  }

  /**
   * The index migrations run again where their index is already there (a start killed while the
   * server still built it leaves the index without Flyway's record of it) and leave it as it is.
   */
  @Test
  void theIndexMigrationsRunAgainOverTheirIndex() throws Exception {
    for (String migration :
        List.of(
            "db/migration/V33__jupyter_pods_status_index.sql",
            "db/migration/V34__cluster_events_by_id.sql")) {
      try (java.sql.Connection connection = jdbc.getDataSource().getConnection()) {
        org.springframework.jdbc.datasource.init.ScriptUtils.executeSqlScript(
            connection, new org.springframework.core.io.ClassPathResource(migration));
      }
    }
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(DISTINCT index_name) FROM information_schema.statistics"
                    + " WHERE table_schema = DATABASE() AND index_name IN"
                    + " ('idx_jupyter_pods_status', 'idx_events_cluster_id')",
                Integer.class))
        .isEqualTo(2);
  }
}
