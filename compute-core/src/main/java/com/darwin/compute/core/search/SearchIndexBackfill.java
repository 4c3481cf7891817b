package com.darwin.compute.core.search;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Fills a newly created index from MySQL, the source of truth: every cluster is put on the search
 * outbox (never a statement per cluster), and the indexer drains it in bulk as usual. This is how a
 * mapping change reaches production: the mapping gets a new index name, the first replica to use it
 * creates it, and it is rebuilt behind the searches.
 *
 * <p>The ids are read first and queued in batches by {@link OutboxQueue}, for the new index only:
 * replicas of the previous version, still draining the same outbox into the old index, leave them.
 */
@Component
class SearchIndexBackfill {

  private static final Logger log = LoggerFactory.getLogger(SearchIndexBackfill.class);

  private final JdbcTemplate jdbc;
  private final OutboxQueue outbox;

  SearchIndexBackfill(JdbcTemplate jdbc, OutboxQueue outbox) {
    this.jdbc = jdbc;
    this.outbox = outbox;
  }

  @EventListener
  void backfill(SearchIndexCreated created) {
    try {
      List<String> ids = jdbc.queryForList("SELECT cluster_id FROM clusters", String.class);
      outbox.queue(ids);
      log.info("Index {} created: {} clusters queued for indexing", created.index(), ids.size());
    } catch (RuntimeException e) {
      // MySQL unreachable (a DataAccessException, or a TransactionException from a batch's
      // transaction). The use that created the index still goes on; the index fills as clusters
      // change, and the audit after each replica's start queues the rest.
      log.error(
          "Index {} created but not backfilled from MySQL: {}", created.index(), e.toString());
    }
  }
}
