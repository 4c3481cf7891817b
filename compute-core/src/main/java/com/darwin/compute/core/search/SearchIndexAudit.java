package com.darwin.compute.core.search;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import com.darwin.compute.core.config.SchedulingConfiguration;
import com.darwin.compute.core.config.SearchProperties;
import com.darwin.compute.core.store.ClusterRows;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Compares the search index with MySQL, the source of truth, and puts every cluster whose document
 * is missing, stale or left over on the search outbox, which the indexer then drains as usual.
 *
 * <p>The outbox alone cannot keep two indexes in step. During a rolling upgrade to a new mapping (a
 * new index name), the new replicas fill the new index from the outbox while the old ones, sharing
 * the outbox and the indexer's lock, still drain it into the old index: every change's row an old
 * replica takes is missing from the new index, for good if its cluster never changes again (the
 * backfill's rows and this audit's are for the new index only: {@link OutboxQueue}). Restoring
 * Elasticsearch from a snapshot, or deleting documents by hand, leaves the same kind of gap. The
 * first audit after the last old replica has gone closes it: each replica audits once soon after it
 * starts ({@link #auditAfterStart}), then once per interval between all of them ({@link #audit}).
 *
 * <p>Two walks, each in keyset pages of {@code compute.search.audit-page-size}: the rows in id
 * order, each page's documents fetched by id ({@link IndexedFields}, from doc values); then the
 * documents in id order, each page's ids looked up in MySQL. Clusters with a row still waiting on
 * the outbox are left out of both (one statement reads them first). Each walk pages through one
 * store only, so the two never have to agree on how ids sort. A statement and a search per page,
 * never one per cluster: 100,000 clusters are about 40 of each at the default page size.
 *
 * <p>A cluster that changes while it is compared may be queued though its document is being written
 * already: the indexer writes what the row holds then, so a second write is harmless.
 */
@Component
public class SearchIndexAudit {

  public static final String METRIC = "darwin.search.audit.queued";

  /** The wall time of each run, tagged by how it ended: {@code done} or {@code failed}. */
  public static final String TIMER = "darwin.search.audit";

  private static final Logger log = LoggerFactory.getLogger(SearchIndexAudit.class);

  private static final String PENDING = "SELECT DISTINCT cluster_id FROM search_outbox";

  private static final String ROWS =
      "SELECT cluster_id, status, active_pods, updated_at FROM clusters"
          + " WHERE cluster_id > ? ORDER BY cluster_id LIMIT ?";

  private final JdbcTemplate jdbc;
  private final SearchIndex index;
  private final OutboxQueue outbox;
  private final SearchProperties properties;
  private final Map<IndexDrift, Counter> queuedCounters = new EnumMap<>(IndexDrift.class);
  private final Timer done;
  private final Timer failed;

  SearchIndexAudit(
      JdbcTemplate jdbc,
      SearchIndex index,
      OutboxQueue outbox,
      SearchProperties properties,
      ObjectProvider<MeterRegistry> meters) {
    this.jdbc = jdbc;
    this.index = index;
    this.outbox = outbox;
    this.properties = properties;
    MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
    for (IndexDrift drift : IndexDrift.values()) {
      queuedCounters.put(
          drift,
          Counter.builder(METRIC)
              .description("Clusters the search index audit found out of step and queued")
              .tag("drift", drift.tag())
              .register(registry));
    }
    this.done = runs("done", registry);
    this.failed = runs("failed", registry);
  }

  private static Timer runs(String outcome, MeterRegistry registry) {
    return Timer.builder(TIMER)
        .description("Wall time of one search index audit")
        .tag("outcome", outcome)
        .register(registry);
  }

  /**
   * What one audit compared, and the clusters it queued by what it found (every kind present).
   *
   * @param audited false when the index did not exist: nothing was compared
   */
  public record Report(
      boolean audited, int rows, int documents, Map<IndexDrift, List<String>> queued) {

    public int queuedCount() {
      return queued.values().stream().mapToInt(List::size).sum();
    }
  }

  /**
   * Once on each replica, {@code audit-initial-delay} after it starts, whatever the shared
   * schedule: in a rolling upgrade, the audits of the last replicas to start are the first after
   * the old replicas have gone (when the delay, less the minute below, is longer than it takes a
   * new replica to start and the last old one to stop), and so the first to find everything the old
   * ones drained into the old index. Under the schedule's lock, held for the interval, they would
   * wait for the next interval (up to an hour). Replicas starting within a minute of each other
   * audit once between them (the lock is held a minute), and the lock of a replica that died while
   * auditing is free again within ShedLock's default minute, not an interval.
   */
  @Scheduled(initialDelayString = "${compute.search.audit-initial-delay:10m}")
  @SchedulerLock(name = "search-index-audit-after-start", lockAtLeastFor = "1m")
  public void auditAfterStart() {
    auditAndLog();
  }

  @Scheduled(
      initialDelayString = "${compute.search.audit-interval:1h}",
      fixedDelayString = "${compute.search.audit-interval:1h}")
  // Held for the whole interval, not only while it runs: every replica has its own timer, and
  // with the usual short lease each would audit once per interval and queue the same drift again.
  // (A run longer than half the interval, which the keep-alive extends, is free to start again
  // once it ends; an audit of 100,000 clusters takes seconds.)
  @SchedulerLock(
      name = "search-index-audit",
      lockAtLeastFor =
          SchedulingConfiguration.HOLD
              + "${compute.search.audit-interval:1h}"
              + SchedulingConfiguration.END,
      lockAtMostFor =
          SchedulingConfiguration.LEASE
              + "${compute.search.audit-interval:1h}"
              + SchedulingConfiguration.END)
  public void audit() {
    auditAndLog();
  }

  private void auditAndLog() {
    long started = System.nanoTime();
    try {
      Report report = run(properties.auditPageSize());
      long tookNanos = System.nanoTime() - started;
      done.record(tookNanos, TimeUnit.NANOSECONDS);
      long tookMillis = tookNanos / 1_000_000;
      if (!report.audited()) {
        log.info(
            "Search index {} not audited: it does not exist yet (its first use creates and"
                + " refills it)",
            index.name());
      } else if (report.queuedCount() > 0) {
        log.warn(
            "Search index {} out of step with MySQL: {} clusters queued for indexing ({} missing,"
                + " {} stale, {} orphaned) of {} rows and {} documents in {} ms",
            index.name(),
            report.queuedCount(),
            report.queued().get(IndexDrift.MISSING).size(),
            report.queued().get(IndexDrift.STALE).size(),
            report.queued().get(IndexDrift.ORPHANED).size(),
            report.rows(),
            report.documents(),
            tookMillis);
      } else {
        log.info(
            "Search index {} in step with MySQL ({} rows, {} documents compared in {} ms)",
            index.name(),
            report.rows(),
            report.documents(),
            tookMillis);
      }
    } catch (IOException | RuntimeException e) {
      failed.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
      // The next run compares again; nothing was lost meanwhile.
      log.warn("Search index audit not run: {}", e.toString());
    }
  }

  /**
   * Compares the whole index with MySQL in pages of {@code pageSize} and queues what differs. An
   * index that does not exist is not compared: whichever use creates it refills it from MySQL.
   */
  public Report run(int pageSize) throws IOException {
    Map<IndexDrift, List<String>> queued = new EnumMap<>(IndexDrift.class);
    for (IndexDrift drift : IndexDrift.values()) {
      queued.put(drift, new ArrayList<>());
    }
    try {
      // A cluster already waiting on the outbox is written by the indexer anyway, and one whose
      // document Elasticsearch keeps refusing would gain a row per run.
      Set<String> pending = new HashSet<>(jdbc.queryForList(PENDING, String.class));
      int rows = compareRows(pageSize, pending, queued);
      int documents = findOrphans(pageSize, pending, queued);
      queued.replaceAll((drift, ids) -> Collections.unmodifiableList(ids));
      return new Report(true, rows, documents, Collections.unmodifiableMap(queued));
    } catch (ElasticsearchException e) {
      if (e.status() == 404) {
        index.missing();
        queued.replaceAll((drift, ids) -> List.of());
        return new Report(false, 0, 0, Collections.unmodifiableMap(queued));
      }
      throw e;
    }
  }

  private record Row(String clusterId, IndexedFields fields) {}

  private int compareRows(int pageSize, Set<String> pending, Map<IndexDrift, List<String>> queued)
      throws IOException {
    int compared = 0;
    String after = "";
    while (true) {
      Calendar utc = ClusterRows.utc();
      List<Row> page =
          jdbc.query(
              ROWS,
              (rs, n) ->
                  new Row(
                      rs.getString(1),
                      new IndexedFields(
                          rs.getString(2),
                          rs.getInt(3),
                          IndexedFields.millis(ClusterRows.instant(rs, 4, utc)))),
              after,
              pageSize);
      if (page.isEmpty()) {
        return compared;
      }
      List<Row> toCompare =
          page.stream().filter(row -> !pending.contains(row.clusterId())).toList();
      Map<String, IndexedFields> documents =
          index.indexedFields(toCompare.stream().map(Row::clusterId).toList());
      List<String> missing = new ArrayList<>();
      List<String> stale = new ArrayList<>();
      for (Row row : toCompare) {
        IndexedFields document = documents.get(row.clusterId());
        if (document == null) {
          missing.add(row.clusterId());
        } else if (!document.equals(row.fields())) {
          stale.add(row.clusterId());
        }
      }
      queue(IndexDrift.MISSING, missing, queued);
      queue(IndexDrift.STALE, stale, queued);
      compared += page.size();
      if (page.size() < pageSize) {
        return compared;
      }
      after = page.get(page.size() - 1).clusterId();
    }
  }

  private int findOrphans(int pageSize, Set<String> pending, Map<IndexDrift, List<String>> queued)
      throws IOException {
    int seen = 0;
    String after = "";
    while (true) {
      SearchIndex.DocumentPage documents = index.documentsAfter(after, pageSize);
      List<String> ids = documents.ids();
      if (ids.isEmpty()) {
        return seen;
      }
      StringJoiner placeholders = new StringJoiner(", ", "(", ")");
      ids.forEach(id -> placeholders.add("?"));
      Set<String> known =
          new HashSet<>(
              jdbc.queryForList(
                  "SELECT cluster_id FROM clusters WHERE cluster_id IN " + placeholders,
                  String.class,
                  ids.toArray()));
      queue(
          IndexDrift.ORPHANED,
          ids.stream().filter(id -> !known.contains(id) && !pending.contains(id)).toList(),
          queued);
      seen += ids.size();
      if (ids.size() < pageSize) {
        return seen;
      }
      after = documents.last();
    }
  }

  /** The indexer writes a queued cluster's row as it is then, or deletes a document without one. */
  private void queue(IndexDrift drift, List<String> ids, Map<IndexDrift, List<String>> queued) {
    if (ids.isEmpty()) {
      return;
    }
    outbox.queue(ids);
    queued.get(drift).addAll(ids);
    queuedCounters.get(drift).increment(ids.size());
  }
}
