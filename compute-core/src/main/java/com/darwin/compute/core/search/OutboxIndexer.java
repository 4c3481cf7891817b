package com.darwin.compute.core.search;

import com.darwin.compute.core.config.SearchProperties;
import com.darwin.compute.core.domain.Backoff;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.core.store.ClusterRepository;
import com.darwin.compute.core.store.OutboxEntry;
import com.darwin.compute.core.store.OutboxRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Limit;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Drains the search outbox into Elasticsearch with the bulk API. A row is removed only after its
 * cluster's document was written; while Elasticsearch is down rows stay, with backoff, so no update
 * is lost and no write ever waits for Elasticsearch.
 *
 * <p>A change (a row for no index in particular) written into this replica's index is queued again,
 * in the transaction that removes it, for each other index a running replica searches ({@link
 * SearchIndexReaders}: during a rolling upgrade to a new mapping), so that it reaches both.
 */
@Component
public class OutboxIndexer {

  private static final Logger log = LoggerFactory.getLogger(OutboxIndexer.class);

  private final OutboxRepository outbox;
  private final ClusterRepository clusters;
  private final ClusterDocumentFactory documents;
  private final SearchIndex index;
  private final SearchIndexReaders readers;
  private final OutboxQueue queue;
  private final SearchProperties properties;
  private final TransactionTemplate tx;
  private final Clock clock;

  public OutboxIndexer(
      OutboxRepository outbox,
      ClusterRepository clusters,
      ClusterDocumentFactory documents,
      SearchIndex index,
      SearchIndexReaders readers,
      OutboxQueue queue,
      SearchProperties properties,
      TransactionTemplate tx,
      Clock clock) {
    this.outbox = outbox;
    this.clusters = clusters;
    this.documents = documents;
    this.index = index;
    this.readers = readers;
    this.queue = queue;
    this.properties = properties;
    this.tx = tx;
    this.clock = clock;
  }

  @Scheduled(fixedDelayString = "${compute.search.drain-interval:1s}")
  @SchedulerLock(name = "search-outbox-indexer")
  public void drain() {
    // Full batches are drained back to back, but not while Elasticsearch fails: each failing batch
    // waits out the client's timeouts, and a backlog would hold this job (and the scheduler
    // thread it runs on) for as long as the outage lasts.
    Drained drained;
    do {
      drained = drainBatch();
    } while (drained.rows() == properties.outboxBatchSize() && !drained.failed());
  }

  /** One batch: how many outbox rows it took, and whether Elasticsearch failed it. */
  private record Drained(int rows, boolean failed) {}

  private Drained drainBatch() {
    Instant now = clock.instant();
    int size = properties.outboxBatchSize();
    List<OutboxEntry> batch =
        new ArrayList<>(outbox.findByNextAttemptAtLessThanEqualOrderByIdAsc(now, Limit.of(size)));
    if (batch.size() < size) {
      // Then the rows only this index's replicas take yet (its backfill, the audit's findings).
      batch.addAll(
          outbox
              .findByIndexNameAndNextAttemptAtGreaterThanAndNextAttemptAtLessThanEqualOrderByNextAttemptAtAscIdAsc(
                  index.name(),
                  now,
                  now.plus(OutboxQueue.OTHER_VERSIONS_WAIT),
                  Limit.of(size - batch.size())));
    }
    if (batch.isEmpty()) {
      return new Drained(0, false);
    }
    Set<String> ids = new LinkedHashSet<>();
    batch.forEach(e -> ids.add(e.getClusterId()));
    Map<String, ClusterDocument> docs = new LinkedHashMap<>();
    tx.executeWithoutResult(
        s -> {
          for (ClusterEntity c : clusters.findByClusterIdIn(ids)) {
            docs.put(c.getClusterId(), documents.document(c));
          }
        });
    List<String> deletes = new ArrayList<>();
    ids.stream().filter(id -> !docs.containsKey(id)).forEach(deletes::add);

    Map<String, String> failed;
    boolean unavailable = false;
    try {
      failed = index.write(docs, deletes);
    } catch (Exception e) {
      unavailable = true;
      log.warn(
          "Elasticsearch unavailable; {} outbox rows kept for retry: {}",
          batch.size(),
          e.toString());
      failed = allFailed(ids, e);
    }
    try {
      settle(batch, failed, now);
    } catch (RuntimeException e) {
      // Written, but not settled (the other indexes read, a forward, the deletes): the rows stay,
      // postponed like a failed batch's, rather than written again every second while this alone
      // fails. With MySQL down this throws too, as before.
      log.warn(
          "{} outbox rows written but not settled; kept for retry: {}", batch.size(), e.toString());
      settle(batch, allFailed(ids, e), now);
      return new Drained(batch.size(), true);
    }
    return new Drained(batch.size(), unavailable);
  }

  private static Map<String, String> allFailed(Set<String> ids, Exception e) {
    Map<String, String> all = new LinkedHashMap<>();
    ids.forEach(id -> all.put(id, e.toString()));
    return all;
  }

  private void settle(List<OutboxEntry> batch, Map<String, String> failed, Instant now) {
    List<Long> done = new ArrayList<>();
    Set<String> changesWritten = new LinkedHashSet<>();
    List<Long> retry = new ArrayList<>();
    List<Long> retryForThisIndex = new ArrayList<>();
    int attempts = 0;
    String error = null;
    for (OutboxEntry entry : batch) {
      String reason = failed.get(entry.getClusterId());
      if (reason == null) {
        done.add(entry.getId());
        if (entry.getIndexName() == null) {
          changesWritten.add(entry.getClusterId());
        }
      } else {
        (entry.getIndexName() == null ? retry : retryForThisIndex).add(entry.getId());
        attempts = Math.max(attempts, entry.getAttempts() + 1);
        error = reason;
      }
    }
    String lastError = error == null ? null : error.substring(0, Math.min(error.length(), 1000));
    Instant retryAt = now.plus(backoff(Math.max(attempts, 1)));
    tx.executeWithoutResult(
        s -> {
          if (!done.isEmpty()) {
            outbox.deleteAllByIdInBatch(done);
          }
          if (!changesWritten.isEmpty()) {
            for (String other : readers.othersRead()) {
              queue.forward(other, changesWritten);
            }
          }
          if (!retry.isEmpty()) {
            outbox.postpone(retry, retryAt, lastError);
          }
          if (!retryForThisIndex.isEmpty()) {
            // Still hidden from other versions' replicas: due the same while later than any retry.
            outbox.postpone(
                retryForThisIndex, retryAt.plus(OutboxQueue.OTHER_VERSIONS_WAIT), lastError);
          }
        });
  }

  private Duration backoff(int attempt) {
    return new Backoff(properties.retryInitialBackoff(), properties.retryMaxBackoff())
        .after(attempt);
  }
}
