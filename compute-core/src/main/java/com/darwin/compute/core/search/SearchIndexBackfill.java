package com.darwin.compute.core.search;

import com.darwin.compute.core.config.SearchProperties;
import com.darwin.compute.core.domain.Backoff;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Fills a newly created index from MySQL, the source of truth: every cluster is put on the search
 * outbox (never a statement per cluster), and the indexer drains it in bulk as usual. This is how a
 * mapping change reaches production: the mapping gets a new index name, the first replica to use it
 * creates it, and it is rebuilt behind the searches.
 *
 * <p>The ids are read first and queued in batches by {@link OutboxQueue}, for the new index only:
 * replicas of the previous version, still draining the same outbox into the old index, leave them.
 *
 * <p>A backfill MySQL fails (unreachable, or a batch's transaction refused) is owed, and tried
 * again with the search settings' backoff until it is queued whole; meanwhile {@link
 * SearchIndexFill} keeps this replica waiting, as it would for the rows. Only the replica that
 * created the index knows: one that restarts meanwhile, or another replica, leaves the rest to the
 * audit after its start. A retry queues every cluster again, also those a failed attempt had
 * queued: a cluster indexed twice costs less than one missed.
 */
@Component
public class SearchIndexBackfill {

  private static final Logger log = LoggerFactory.getLogger(SearchIndexBackfill.class);

  /** A backfill not queued yet: how many attempts failed, and when the next one is due. */
  private record Owed(String index, int failures, Instant retryAt) {}

  private final JdbcTemplate jdbc;
  private final OutboxQueue outbox;
  private final Backoff backoff;
  private final Clock clock;
  private volatile Owed owed;

  SearchIndexBackfill(
      JdbcTemplate jdbc, OutboxQueue outbox, SearchProperties properties, Clock clock) {
    this.jdbc = jdbc;
    this.outbox = outbox;
    this.backoff = new Backoff(properties.retryInitialBackoff(), properties.retryMaxBackoff());
    this.clock = clock;
  }

  @EventListener
  void backfill(SearchIndexCreated created) {
    attempt(created.index(), 0);
  }

  /** Whether a backfill failed and is not queued yet. */
  public boolean owed() {
    return owed != null;
  }

  // Only the replica that owes it (no lock): the index was created by this replica.
  @Scheduled(fixedDelay = 1, timeUnit = TimeUnit.SECONDS)
  void retryOwed() {
    Owed due = owed;
    if (due != null && !clock.instant().isBefore(due.retryAt())) {
      attempt(due.index(), due.failures());
    }
  }

  // One at a time: the index may be created again (a search finding it deleted) while a retry runs.
  private synchronized void attempt(String index, int failuresBefore) {
    try {
      List<String> ids = jdbc.queryForList("SELECT cluster_id FROM clusters", String.class);
      outbox.queue(ids);
      owed = null;
      log.info("Index {} created: {} clusters queued for indexing", index, ids.size());
    } catch (RuntimeException e) {
      // MySQL unreachable (a DataAccessException), or a batch's transaction refused (a
      // TransactionException). The use that created the index still goes on.
      int failures = failuresBefore + 1;
      owed = new Owed(index, failures, clock.instant().plus(backoff.after(failures)));
      log.error(
          "Index {} created but not backfilled from MySQL ({} failed attempts), tried again in {}:"
              + " {}",
          index,
          failures,
          backoff.after(failures),
          e.toString());
    }
  }
}
