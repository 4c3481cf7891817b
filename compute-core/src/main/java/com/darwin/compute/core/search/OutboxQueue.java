package com.darwin.compute.core.search;

import com.darwin.compute.core.store.IdBatches;
import com.darwin.compute.core.store.TimelineRows;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.function.BiConsumer;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Puts many clusters on the search outbox outside any change of theirs (a new index's backfill, the
 * audit's findings): multi-row inserts of a thousand each, one transaction apiece.
 *
 * <p>The rows are for this replica's index only. During a rolling upgrade to a new index the
 * replicas of the previous version still drain the shared outbox, by due time alone, into the old
 * index; they took most of a backfill's rows, and the new index missed those clusters until an
 * audit after the last old replica had gone. So these rows are due {@link #OTHER_VERSIONS_WAIT}
 * later, and this version's indexer takes them at once by their index's name.
 *
 * <p>Inserts whose row count is known: a single {@code INSERT ... SELECT} is a bulk insert, which
 * held the outbox's AUTO-INC table lock for the whole statement, and a create writing its own
 * outbox row meanwhile could fail with MariaDB's error 1467 ("Failed to read auto-increment value
 * from storage engine", a 500 to the user; seen on the first creates against a fresh database, when
 * the index is created).
 *
 * <p>The rows' times are the service's clock, as every other outbox row's: the columns' defaults
 * are the database session's time, which the indexer (comparing with the service's UTC instants)
 * would read hours early or late on a server whose time zone is not UTC.
 */
@Component
class OutboxQueue {

  /**
   * How long only replicas of this index take the rows: longer than a rolling upgrade. After it any
   * replica may (a row left by a rollback to a version that searches another index).
   */
  static final Duration OTHER_VERSIONS_WAIT = Duration.ofHours(1);

  private final TimelineRows rows;
  private final SearchIndex index;
  private final TransactionTemplate transaction;
  private final Clock clock;

  OutboxQueue(
      TimelineRows rows, SearchIndex index, PlatformTransactionManager transactions, Clock clock) {
    this.rows = rows;
    this.index = index;
    this.transaction = new TransactionTemplate(transactions);
    this.clock = clock;
  }

  void queue(Collection<String> clusterIds) {
    inBatches(
        clusterIds,
        (batch, now) ->
            rows.insertOutboxFor(index.name(), batch, now, now.plus(OTHER_VERSIONS_WAIT)));
  }

  /**
   * Changes this replica's indexer wrote, for another version's index only (marked forwarded), in
   * the caller's transaction.
   */
  void forward(String otherIndex, Collection<String> clusterIds) {
    inBatches(
        clusterIds,
        (batch, now) ->
            rows.insertForwardedOutboxFor(otherIndex, batch, now, now.plus(OTHER_VERSIONS_WAIT)));
  }

  /** A thousand ids a statement, each batch in a transaction (the caller's, if it has one). */
  private void inBatches(Collection<String> clusterIds, BiConsumer<List<String>, Instant> insert) {
    for (List<String> batch : IdBatches.of(clusterIds)) {
      Instant now = clock.instant();
      transaction.executeWithoutResult(done -> insert.accept(batch, now));
    }
  }
}
