package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.darwin.compute.core.config.ReconcilerProperties;
import com.darwin.compute.core.metrics.StoreGauges;
import com.darwin.compute.core.search.SearchIndex;
import com.darwin.compute.core.search.SearchIndexReaders;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The indexes running replicas search, against the real MariaDB: this replica's is recorded from
 * its start, another replica's while it beats, and a change this replica's indexer writes is queued
 * again for the other index, which this replica's backlog gauges then leave out.
 */
class SearchIndexReadersIT extends ApiIntegrationTest {

  @Autowired SearchIndexReaders readers;
  @Autowired SearchIndex index;
  @Autowired ReconcilerProperties reconciler;
  @Autowired JdbcTemplate jdbc;
  @Autowired StoreGauges gauges;
  @Autowired MeterRegistry meters;
  @Autowired LockProvider locks;

  @Test
  void thisReplicaIsRecordedAndOthersOnlyWhileTheyBeat() {
    assertThat(
            jdbc.queryForObject(
                "SELECT index_name FROM search_index_readers WHERE instance_id = ?",
                String.class,
                reconciler.instanceId()))
        .isEqualTo(index.name());
    String tag = unique("readers");
    try {
      reader("live-" + tag, "clusters-live-" + tag, 0);
      reader("same-" + tag, index.name(), 0);
      reader("gone-" + tag, "clusters-gone-" + tag, 400);
      reader("forgotten-" + tag, "clusters-forgotten-" + tag, 25 * 3600);

      // Seen within 5 minutes, and not this replica's own index.
      assertThat(readers.othersRead()).containsExactly("clusters-live-" + tag);

      readers.heartbeat();
      assertThat(instances(tag))
          .containsExactlyInAnyOrder("live-" + tag, "same-" + tag, "gone-" + tag);

      // Stopping deletes this replica's row; the next beat (a restart) writes it again.
      readers.leave();
      assertThat(
              jdbc.queryForObject(
                  "SELECT COUNT(*) FROM search_index_readers WHERE instance_id = ?",
                  Integer.class,
                  reconciler.instanceId()))
          .isZero();
    } finally {
      readers.heartbeat();
      jdbc.update("DELETE FROM search_index_readers WHERE instance_id LIKE ?", "%-" + tag);
      forgetForwardsTo("clusters-%-" + tag);
    }
  }

  @Test
  void aChangeWrittenHereIsQueuedForTheOtherIndexAndLeftOutOfThisReplicasBacklog() {
    String tag = unique("forward");
    String other = "clusters-other-" + tag;
    reader("other-" + tag, other, 0);
    try {
      String id = createStopped("forward");

      // Written into this index, then queued for the other one, due an hour later so that only
      // that version's replicas take it now.
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  jdbc.queryForObject(
                          "SELECT COUNT(*) FROM search_outbox WHERE index_name = ?"
                              + " AND cluster_id = ?"
                              + " AND next_attempt_at > UTC_TIMESTAMP(3) + INTERVAL 50 MINUTE",
                          Integer.class,
                          other,
                          id)
                      == 1);

      // Left behind by a version that has gone, an hour old: not this replica's backlog. (The
      // indexer is held off meanwhile: it would forward more rows between the counts.)
      SimpleLock indexer = IndexerLock.hold(locks);
      try {
        assertBacklogLeavesOut(other, id);
      } finally {
        indexer.unlock();
      }
    } finally {
      jdbc.update("DELETE FROM search_index_readers WHERE instance_id = ?", "other-" + tag);
      forgetForwardsTo(other);
    }
  }

  private void assertBacklogLeavesOut(String other, String clusterId) {
    jdbc.update(
        "UPDATE search_outbox SET created_at = UTC_TIMESTAMP(3) - INTERVAL 2 HOUR"
            + " WHERE index_name = ?",
        other);
    // And one of this replica's own, an hour and a half old: what the gauges must show.
    jdbc.update(
        "INSERT INTO search_outbox (cluster_id, created_at, attempts, next_attempt_at, index_name)"
            + " VALUES (?, UTC_TIMESTAMP(3) - INTERVAL 90 MINUTE, 0,"
            + " UTC_TIMESTAMP(3) + INTERVAL 1 HOUR, ?)",
        clusterId,
        index.name());
    try {
      gauges.refresh();
      double lag = meters.get("darwin.search.outbox.lag").timeGauge().value(TimeUnit.SECONDS);
      assertThat(lag).isBetween(90 * 60.0, 100 * 60.0);
      long pending = (long) meters.get("darwin.search.outbox.pending").gauge().value();
      long all = jdbc.queryForObject("SELECT COUNT(*) FROM search_outbox", Long.class);
      long others =
          jdbc.queryForObject(
              "SELECT COUNT(*) FROM search_outbox WHERE index_name = ?", Long.class, other);
      assertThat(others).isPositive();
      assertThat(pending).isPositive().isLessThanOrEqualTo(all - others);
    } finally {
      jdbc.update(
          "DELETE FROM search_outbox WHERE index_name = ? AND cluster_id = ?"
              + " AND created_at < UTC_TIMESTAMP(3) - INTERVAL 80 MINUTE",
          index.name(),
          clusterId);
    }
  }

  /**
   * Deletes the rows forwarded to a test's made-up index, under the indexer's lock: a drain that
   * read the readers before the test's row was deleted may still forward one.
   */
  private void forgetForwardsTo(String pattern) {
    SimpleLock indexer = IndexerLock.hold(locks);
    try {
      jdbc.update("DELETE FROM search_outbox WHERE index_name LIKE ?", pattern);
    } finally {
      indexer.unlock();
    }
  }

  private void reader(String instance, String indexName, int secondsAgo) {
    jdbc.update(
        "INSERT INTO search_index_readers (instance_id, index_name, last_seen_at)"
            + " VALUES (?, ?, UTC_TIMESTAMP(3) - INTERVAL ? SECOND)",
        instance,
        indexName,
        secondsAgo);
  }

  private List<String> instances(String tag) {
    return jdbc.queryForList(
        "SELECT instance_id FROM search_index_readers WHERE instance_id LIKE ?",
        String.class,
        "%-" + tag);
  }
}
