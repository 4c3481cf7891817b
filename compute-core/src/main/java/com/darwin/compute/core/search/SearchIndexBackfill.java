package com.darwin.compute.core.search;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Fills a newly created index from MySQL, the source of truth: every cluster is put on the search
 * outbox in ONE statement (never a statement per cluster), and the indexer drains it in bulk as
 * usual. This is how a mapping change reaches production: the mapping gets a new index name, the
 * first replica to use it creates it, and it is rebuilt behind the searches.
 */
@Component
class SearchIndexBackfill {

  private static final Logger log = LoggerFactory.getLogger(SearchIndexBackfill.class);

  private final JdbcTemplate jdbc;

  SearchIndexBackfill(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @EventListener
  void backfill(SearchIndexCreated created) {
    try {
      int queued =
          jdbc.update("INSERT INTO search_outbox (cluster_id) SELECT cluster_id FROM clusters");
      log.info("Index {} created: {} clusters queued for indexing", created.index(), queued);
    } catch (DataAccessException e) {
      // The search that created the index still answers; the index fills as clusters change.
      log.error(
          "Index {} created but not backfilled from MySQL: {}", created.index(), e.toString());
    }
  }
}
