package com.darwin.compute.core.search;

import com.darwin.compute.core.store.IdBatches;
import com.darwin.compute.core.store.TimelineRows;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fills a newly created index from MySQL, the source of truth: every cluster is put on the search
 * outbox (never a statement per cluster), and the indexer drains it in bulk as usual. This is how a
 * mapping change reaches production: the mapping gets a new index name, the first replica to use it
 * creates it, and it is rebuilt behind the searches.
 *
 * <p>The ids are read first and queued by multi-row inserts of a thousand each, whose row count is
 * known. A single {@code INSERT ... SELECT} is a bulk insert: it held the outbox's AUTO-INC table
 * lock for the whole statement, and a create writing its own outbox row meanwhile could fail with
 * MariaDB's error 1467 ("Failed to read auto-increment value from storage engine", a 500 to the
 * user; seen on the first creates against a fresh database, when the index is created).
 *
 * <p>The rows' times are the service's clock, as every other outbox row's: the columns' defaults
 * are the database session's time, which the indexer (comparing with the service's UTC instants)
 * would read hours early or late on a server whose time zone is not UTC.
 */
@Component
class SearchIndexBackfill {

  private static final Logger log = LoggerFactory.getLogger(SearchIndexBackfill.class);

  private final JdbcTemplate jdbc;
  private final TimelineRows rows;
  private final TransactionTemplate transaction;
  private final Clock clock;

  SearchIndexBackfill(
      JdbcTemplate jdbc, TimelineRows rows, PlatformTransactionManager transactions, Clock clock) {
    this.jdbc = jdbc;
    this.rows = rows;
    this.transaction = new TransactionTemplate(transactions);
    this.clock = clock;
  }

  @EventListener
  void backfill(SearchIndexCreated created) {
    try {
      List<String> ids = jdbc.queryForList("SELECT cluster_id FROM clusters", String.class);
      for (List<String> batch : IdBatches.of(ids)) {
        transaction.executeWithoutResult(done -> rows.insertOutbox(batch, clock.instant()));
      }
      log.info("Index {} created: {} clusters queued for indexing", created.index(), ids.size());
    } catch (DataAccessException e) {
      // The search that created the index still answers; the index fills as clusters change.
      log.error(
          "Index {} created but not backfilled from MySQL: {}", created.index(), e.toString());
    }
  }
}
