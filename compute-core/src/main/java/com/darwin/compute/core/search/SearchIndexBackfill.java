package com.darwin.compute.core.search;

import com.darwin.compute.core.config.SearchProperties;
import com.darwin.compute.core.domain.Backoff;
import com.darwin.compute.core.store.IdBatches;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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
 * <p>The ids are read first and queued in batches of a thousand by {@link OutboxQueue}, each in its
 * own transaction, for the new index only: replicas of the previous version, still draining the
 * same outbox into the old index, leave them.
 *
 * <p>A backfill is owed from the moment its index is created until every batch is committed: {@link
 * SearchIndexFill} keeps this replica waiting meanwhile, as it does for the rows. One MySQL fails
 * (unreachable, or a batch's transaction refused) is tried again with the search settings' backoff,
 * from the first batch not committed (the ids are read again only if the read itself failed; a
 * cluster created since has a change row of its own). Only the replica that created the index
 * knows: one that restarts meanwhile, or another replica, leaves the rest to the audit after its
 * start.
 */
@Component
public class SearchIndexBackfill {

  private static final Logger log = LoggerFactory.getLogger(SearchIndexBackfill.class);

  /**
   * A backfill not queued whole yet: the ids still to queue (null: not read yet), how many attempts
   * failed, and when the next one is due.
   */
  private record Owed(String index, List<String> left, int failures, Instant retryAt) {}

  private final JdbcTemplate jdbc;
  private final OutboxQueue outbox;
  private final SearchIndexReaders readers;
  private final Backoff backoff;
  private final Clock clock;
  private final AtomicReference<Owed> owed = new AtomicReference<>();
  // Not reentrant, and never waited for: whoever finds it taken leaves the backfill to the holder's
  // successor, the scheduled retry (a search that created the index does not queue behind it).
  private final Semaphore running = new Semaphore(1);

  SearchIndexBackfill(
      JdbcTemplate jdbc,
      OutboxQueue outbox,
      SearchIndexReaders readers,
      SearchProperties properties,
      Clock clock) {
    this.jdbc = jdbc;
    this.outbox = outbox;
    this.readers = readers;
    this.backoff = new Backoff(properties.retryInitialBackoff(), properties.retryMaxBackoff());
    this.clock = clock;
  }

  /** Runs on the thread that created the index (before the creation returns to its caller). */
  @EventListener
  void backfill(SearchIndexCreated created) {
    Owed fresh = new Owed(created.index(), null, 0, clock.instant());
    owed.set(fresh);
    if (running.tryAcquire()) {
      try {
        attempt(fresh);
      } finally {
        running.release();
      }
    }
  }

  /** Whether a backfill is under way or failed and not queued whole yet. */
  public boolean owed() {
    return owed.get() != null;
  }

  // Only the replica that owes it does anything (no lock between replicas).
  @Scheduled(fixedDelay = 1, timeUnit = TimeUnit.SECONDS)
  void retryOwed() {
    Owed due = owed.get();
    if (due == null || clock.instant().isBefore(due.retryAt()) || !running.tryAcquire()) {
      return;
    }
    try {
      // What was owed when this began may have been queued, or replaced by a new creation's.
      if (owed.get() == due) {
        attempt(due);
      }
    } finally {
      running.release();
    }
  }

  private void attempt(Owed due) {
    List<String> left = due.left();
    try {
      if (left == null) {
        // Recorded first: a change committed after the read below reaches this index even when
        // another version's indexer takes its row (it forwards it here).
        readers.record();
        left = jdbc.queryForList("SELECT cluster_id FROM clusters", String.class);
      }
      int total = left.size();
      while (!left.isEmpty()) {
        List<String> batch = left.subList(0, Math.min(IdBatches.SIZE, left.size()));
        outbox.queue(batch);
        left = left.subList(batch.size(), left.size());
      }
      // Cleared after the last commit, and only if no new creation replaced it meanwhile.
      owed.compareAndSet(due, null);
      if (due.failures() == 0) {
        log.info("Index {} created: {} clusters queued for indexing", due.index(), total);
      } else {
        log.info(
            "Index {}: backfill queued after {} failed attempts ({} clusters in this one)",
            due.index(),
            due.failures(),
            total);
      }
    } catch (RuntimeException e) {
      // MySQL unreachable (a DataAccessException), or a batch's transaction refused (a
      // TransactionException; that batch was rolled back). The use that created the index goes on.
      int failures = due.failures() + 1;
      owed.compareAndSet(
          due,
          new Owed(
              due.index(),
              left == null ? null : List.copyOf(left),
              failures,
              clock.instant().plus(backoff.after(failures))));
      log.error(
          "Index {} created but not backfilled from MySQL ({} failed attempts, {} clusters left),"
              + " tried again in {}: {}",
          due.index(),
          failures,
          left == null ? "all" : left.size(),
          backoff.after(failures),
          e.toString());
    }
  }
}
