package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.darwin.compute.core.config.SearchProperties;
import com.darwin.compute.core.search.SearchIndex;
import com.darwin.compute.core.search.SearchIndexBackfill;
import com.darwin.compute.core.search.SearchIndexFill;
import com.darwin.compute.core.search.SearchIndexFill.Stage;
import com.darwin.compute.core.store.OutboxRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * A replica that finds its index new, as the first replica of a rollout to a new mapping does,
 * stays out of readiness until the backfill is written, and by then search finds every cluster.
 * Against the real MariaDB and Elasticsearch: the index is deleted, a second replica's check (the
 * one of this context settled at its start) creates it again, and the indexer is held off by its
 * lock until the test has seen the wait.
 */
class SearchIndexFillIT extends ApiIntegrationTest {

  @Autowired SearchIndex index;
  @Autowired SearchIndexFill fillAtStart;
  @Autowired SearchIndexBackfill backfill;
  @Autowired OutboxRepository outbox;
  @Autowired SearchProperties properties;
  @Autowired Clock clock;
  @Autowired LockProvider locks;
  @Autowired JdbcTemplate jdbc;

  @Test
  void thisReplicaSettledAtItsStartAndReadinessSaysSo() {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> fillAtStart.progress().stage() == Stage.FILLED);

    Api.Response readiness = api.get("/actuator/health/readiness");
    assertThat(readiness.status()).as(readiness.raw()).isEqualTo(200);
    // Components are shown, their details not (management.endpoint.health.show-details).
    JsonNode fill = readiness.body().get("components").get("searchIndexFill");
    assertThat(fill.get("status").asString()).isEqualTo("UP");
  }

  @Test
  void aNewIndexKeepsTheReplicaWaitingUntilEveryClusterIsSearchable() throws Exception {
    List<String> names = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (String prefix : List.of("fill-a", "fill-b", "fill-c")) {
      String name = unique(prefix);
      names.add(name);
      ids.add(create(ClusterRequests.stoppedQuickStart(name)));
    }
    SearchIndexFill fill = new SearchIndexFill(index, backfill, outbox, properties, clock, true);
    SimpleLock indexer = IndexerLock.hold(locks);
    try {
      deleteIndex();
      assertThat(fill.progress().stage().waits()).as("before its first check").isTrue();

      fill.check(); // creates the index, whose backfill queues every cluster for it
      int clusters = jdbc.queryForObject("SELECT COUNT(*) FROM clusters", Integer.class);
      assertThat(fill.progress()).isEqualTo(new SearchIndexFill.Progress(Stage.FILLING, clusters));
      assertThat(fill.progress().stage().waits()).isTrue();
      // What the wait keeps from users: the new index answers, without the clusters.
      assertThat(searchFinds(names.get(0), ids.get(0))).isFalse();

      // Its creation date, read back (an index another replica created is judged by it).
      assertThat(index.createdAt())
          .hasValueSatisfying(
              at -> assertThat(at).isBetween(Instant.now().minusSeconds(60), Instant.now()));

      // A row Elasticsearch failed, waiting for its retry (postponed as the indexer postpones
      // this index's rows), is not waited for.
      jdbc.update(
          "UPDATE search_outbox SET attempts = 1,"
              + " next_attempt_at = UTC_TIMESTAMP(3) + INTERVAL 1 HOUR + INTERVAL 5 SECOND"
              + " WHERE index_name = ? AND cluster_id = ?",
          index.name(),
          ids.get(0));
      fill.check();
      assertThat(fill.progress())
          .isEqualTo(new SearchIndexFill.Progress(Stage.FILLING, clusters - 1));

      // Nor is a change another version's indexer forwarded to this index (during a rollout,
      // a stream that would seldom leave none).
      jdbc.update(
          "INSERT INTO search_outbox"
              + " (cluster_id, created_at, attempts, next_attempt_at, index_name, forwarded)"
              + " VALUES (?, UTC_TIMESTAMP(3), 0, UTC_TIMESTAMP(3) + INTERVAL 1 HOUR, ?, TRUE)",
          ids.get(1),
          index.name());
      fill.check();
      assertThat(fill.progress())
          .isEqualTo(new SearchIndexFill.Progress(Stage.FILLING, clusters - 1));
    } finally {
      indexer.unlock();
    }

    // The indexer drains the backfill; the replica is ready once nothing untried is left.
    awaitFilled(fill);
    // Written (the postponed one at its retry, seconds later), and visible to searches after
    // Elasticsearch's refresh (a second at most).
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              for (int i = 0; i < names.size(); i++) {
                assertThat(searchFinds(names.get(i), ids.get(i))).as(names.get(i)).isTrue();
              }
            });
  }

  @Test
  void aBackfillMySqlRefusedIsTriedAgainAndTheReplicaWaitsForIt() throws Exception {
    String name = unique("fill-owed");
    String id = create(ClusterRequests.stoppedQuickStart(name));
    SearchIndexFill fill = new SearchIndexFill(index, backfill, outbox, properties, clock, true);
    SimpleLock indexer = IndexerLock.hold(locks);
    // MySQL refuses the backfill's rows for this index, and only those.
    jdbc.execute(
        "CREATE TRIGGER refuse_backfill BEFORE INSERT ON search_outbox FOR EACH ROW"
            + " BEGIN IF NEW.index_name = '"
            + index.name()
            + "' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'backfill refused by the test';"
            + " END IF; END");
    try {
      deleteIndex();

      fill.check(); // creates the index; its backfill fails
      assertThat(backfill.owed()).isTrue();
      assertThat(fill.progress()).isEqualTo(new SearchIndexFill.Progress(Stage.BACKFILL_OWED, 0));
      assertThat(fill.progress().stage().waits()).isTrue();
      // Still owed however long MySQL refuses: an empty outbox is not a filled index.
      Thread.sleep(1_500);
      fill.check();
      assertThat(fill.progress().stage()).isEqualTo(Stage.BACKFILL_OWED);

      jdbc.execute("DROP TRIGGER refuse_backfill");
      // The scheduled retry (compute.search.retry-initial-backoff, doubling) queues it.
      await().atMost(Duration.ofSeconds(30)).until(() -> !backfill.owed());
      int clusters = jdbc.queryForObject("SELECT COUNT(*) FROM clusters", Integer.class);
      fill.check();
      assertThat(fill.progress()).isEqualTo(new SearchIndexFill.Progress(Stage.FILLING, clusters));
    } finally {
      jdbc.execute("DROP TRIGGER IF EXISTS refuse_backfill");
      indexer.unlock();
    }

    awaitFilled(fill);
    await().atMost(Duration.ofSeconds(30)).until(() -> searchFinds(name, id));
  }

  /**
   * Deletes this context's index, as if a second replica of a new version were about to find it
   * missing. Rows an earlier test left for it (an audit's) are deleted too: the backfill queues
   * every cluster again.
   */
  private void deleteIndex() throws Exception {
    assertThat(
            new ElasticsearchRequests(sandbox.elasticsearch().url())
                .send("DELETE", "/" + index.name(), null)
                .statusCode())
        .isEqualTo(200);
    index.missing();
    jdbc.update("DELETE FROM search_outbox WHERE index_name = ?", index.name());
  }

  /** Checks as the schedule would, until the indexer has drained what the fill waits for. */
  private static void awaitFilled(SearchIndexFill fill) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              fill.check();
              return fill.progress().stage() == Stage.FILLED;
            });
  }

  private boolean searchFinds(String name, String id) {
    Api.Response found = api.post("/cluster/search", "{\"query\": \"" + name + "\"}");
    assertThat(found.status()).as(found.raw()).isEqualTo(200);
    for (JsonNode hit : found.data().get("body")) {
      if (hit.get("cluster_id").asString().equals(id)) {
        return true;
      }
    }
    return false;
  }
}
