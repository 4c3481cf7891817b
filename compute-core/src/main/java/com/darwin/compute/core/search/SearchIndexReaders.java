package com.darwin.compute.core.search;

import com.darwin.compute.core.config.ReconcilerProperties;
import jakarta.annotation.PreDestroy;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Which search indexes the running replicas search ({@code search_index_readers}), so that a change
 * reaches each of them. The outbox's change rows name no index, and the indexer that takes one
 * writes it into its own index only; during a rolling upgrade to a new mapping, replicas of both
 * versions drain the same outbox, and a change the old version took was missing from the new index
 * (or the other way round) until an audit. So the indexer queues each change it wrote again for
 * every other index read here ({@link OutboxIndexer}), as rows for that index alone.
 *
 * <p>Each replica writes its row before it reports ready, and before a new index's backfill reads
 * the clusters ({@link SearchIndexBackfill}: a change after that read is forwarded to it, whichever
 * version takes it; the index may be created before the replica is ready, by the indexer's first
 * batch or a search), then every {@link #HEARTBEAT_SECONDS} seconds, and deletes it when it stops;
 * an index is read while a row for it was written within {@link #LIVE_SECONDS} seconds (a replica
 * that died without deleting its row is dropped after that). The database's UTC clock stamps and
 * compares the rows: the replicas' clocks may differ.
 *
 * <p>Replicas of a version before this table do not write a row, nor forward: in the rollout that
 * brings it, changes their indexer takes reach the new index at its replicas' audit, as before.
 */
@Component
public class SearchIndexReaders {

  static final int HEARTBEAT_SECONDS = 30;

  /**
   * Ten beats: the beat shares the scheduler's threads with jobs that may hold them for long (an
   * indexer draining a backfill back to back), and a change not forwarded misses the other index
   * until an audit, while one forwarded to an index no replica reads any more is only written once
   * more, an hour later, by whichever indexer takes it then.
   */
  static final int LIVE_SECONDS = 10 * HEARTBEAT_SECONDS;

  /** A crashed replica's row is deleted this long after it was last written. */
  static final int FORGOTTEN_HOURS = 24;

  private static final Logger log = LoggerFactory.getLogger(SearchIndexReaders.class);

  private final JdbcTemplate jdbc;
  private final SearchIndex index;
  private final String instanceId;

  SearchIndexReaders(JdbcTemplate jdbc, SearchIndex index, ReconcilerProperties reconciler) {
    this.jdbc = jdbc;
    this.index = index;
    this.instanceId = reconciler.instanceId();
  }

  /** Before {@link SearchIndexFill}'s first check, which may create the index and backfill it. */
  @EventListener(ApplicationStartedEvent.class)
  @Order(Ordered.HIGHEST_PRECEDENCE)
  void registerBeforeReady() {
    heartbeat();
  }

  // Every replica for itself (no lock).
  @Scheduled(
      initialDelay = HEARTBEAT_SECONDS,
      fixedDelay = HEARTBEAT_SECONDS,
      timeUnit = TimeUnit.SECONDS)
  public void heartbeat() {
    try {
      record();
      jdbc.update(
          "DELETE FROM search_index_readers"
              + " WHERE last_seen_at < UTC_TIMESTAMP(3) - INTERVAL "
              + FORGOTTEN_HOURS
              + " HOUR");
    } catch (DataAccessException e) {
      // Written again at the next beat; other replicas stop forwarding to this index only after
      // several missed ones.
      log.warn(
          "This replica's search index {} not recorded as read: {}", index.name(), e.toString());
    }
  }

  /**
   * Records that this replica reads its index, now.
   *
   * @throws DataAccessException when MySQL fails
   */
  void record() {
    jdbc.update(
        "INSERT INTO search_index_readers (instance_id, index_name, last_seen_at)"
            + " VALUES (?, ?, UTC_TIMESTAMP(3))"
            // Not VALUES(...): MySQL 8.0.20 deprecated it there; MariaDB lacks the alias form.
            + " ON DUPLICATE KEY UPDATE index_name = ?, last_seen_at = UTC_TIMESTAMP(3)",
        instanceId,
        index.name(),
        index.name());
  }

  /** The indexes other than this replica's that a running replica searches. */
  public List<String> othersRead() {
    return jdbc.queryForList(
        "SELECT DISTINCT index_name FROM search_index_readers"
            + " WHERE last_seen_at > UTC_TIMESTAMP(3) - INTERVAL "
            + LIVE_SECONDS
            + " SECOND AND index_name <> ?",
        String.class,
        index.name());
  }

  /** Stopping: nothing is forwarded to this index for this replica any more. */
  @PreDestroy
  public void leave() {
    try {
      jdbc.update("DELETE FROM search_index_readers WHERE instance_id = ?", instanceId);
    } catch (DataAccessException e) {
      log.warn(
          "This replica's search index row not deleted (dropped after {} s): {}",
          LIVE_SECONDS,
          e.toString());
    }
  }
}
