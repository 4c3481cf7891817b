package com.darwin.compute.core.search;

import com.darwin.compute.core.config.SearchProperties;
import com.darwin.compute.core.store.OutboxRepository;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Whether the index this replica searches is still filling, so that the replica can stay out of
 * readiness meanwhile. A mapping change reaches production as a new index name: the first new
 * replica creates the index, empty, and its backfill queues every cluster for it. Until the indexer
 * has written them, a search on a new replica misses most clusters (about 30 s at 100,000), while
 * the old replicas still answer from the old, full index. Kept out of the load balancer meanwhile,
 * the new replicas take no searches until their index holds what MySQL holds, and a rolling upgrade
 * waits for them.
 *
 * <p>Checked once a second from the replica's start until settled, never again after: the index is
 * created if it does not exist yet (so the fill starts at once, not at the first search), then the
 * rows queued for this index and not yet tried are counted (one statement). None left: filled. Rows
 * that failed once are not waited for: Elasticsearch had its chance, and one document it keeps
 * refusing must not hold every replica out. Nor is Elasticsearch itself: unreachable, it has no
 * fill to wait for (search is reported degraded, and cluster operations go on). Whatever happens,
 * the wait ends {@code compute.search.fill-wait-limit} after the start (0: no wait). An index
 * emptied later (deleted by hand, a server restored empty) is refilled as before, without taking
 * replicas out of readiness: all of them would go at once.
 *
 * <p>A replica that finds the index in the moment between another replica's creating it and
 * committing the first rows of its backfill counts it filled. Replicas of one rollout start a few
 * seconds apart, and the backfill queues its first thousand rows within milliseconds of the
 * creation, so this is left as it is.
 */
@Component
public class SearchIndexFill {

  /** Where the fill stands, as this replica last saw it. */
  public enum Stage {
    /** Not looked at yet: the first check runs as the replica starts. */
    CHECKING(true, false),
    /** Rows for this index wait on the outbox: it is new and filling. */
    FILLING(true, false),
    /**
     * Elasticsearch did not answer, or refused to create the index: nothing to wait for; asked
     * again until the limit.
     */
    UNREACHABLE(false, false),
    /** No row for this index waited once it existed. */
    FILLED(false, true),
    /** {@code fill-wait-limit} passed before the index was seen filled. */
    PAST_LIMIT(false, true),
    /** {@code fill-wait-limit} is 0: never waited for. */
    OFF(false, true);

    private final boolean waits;
    private final boolean settled;

    Stage(boolean waits, boolean settled) {
      this.waits = waits;
      this.settled = settled;
    }

    /** The replica stays out of readiness. */
    public boolean waits() {
      return waits;
    }

    /** Not checked again. */
    public boolean settled() {
      return settled;
    }
  }

  /**
   * @param waiting rows queued for this index and not tried yet, at the last check
   */
  public record Progress(Stage stage, long waiting) {}

  private static final Logger log = LoggerFactory.getLogger(SearchIndexFill.class);

  private final SearchIndex index;
  private final OutboxRepository outbox;
  private final Clock clock;
  private final Instant waitEnds;
  private volatile Progress progress;
  private boolean ensured;

  public SearchIndexFill(
      SearchIndex index, OutboxRepository outbox, SearchProperties properties, Clock clock) {
    this.index = index;
    this.outbox = outbox;
    this.clock = clock;
    Duration limit = properties.fillWaitLimit();
    this.waitEnds = clock.instant().plus(limit);
    this.progress = new Progress(limit.isZero() ? Stage.OFF : Stage.CHECKING, 0);
  }

  public String index() {
    return index.name();
  }

  /** As of the last check; never asks a store, so it answers a probe at once. */
  public Progress progress() {
    return progress;
  }

  // Each replica on its own (no lock): it is this replica's readiness.
  @Scheduled(fixedDelay = 1, timeUnit = TimeUnit.SECONDS)
  public synchronized void check() {
    Progress before = progress;
    if (before.stage().settled()) {
      return;
    }
    Progress now = next(before);
    progress = now;
    if (now.stage() == Stage.FILLED && before.stage() == Stage.FILLING) {
      log.info("Search index {} filled: this replica takes searches", index.name());
    } else if (now.stage() == Stage.PAST_LIMIT && before.stage().waits()) {
      log.warn(
          "Search index {} still filling ({} clusters to index) when its wait ended: this replica"
              + " takes searches meanwhile",
          index.name(),
          before.waiting());
    } else if (now.stage() == Stage.FILLING && before.stage() != Stage.FILLING) {
      log.info(
          "Search index {} filling ({} clusters to index): this replica stays out of readiness"
              + " until it is filled",
          index.name(),
          now.waiting());
    }
  }

  private Progress next(Progress before) {
    if (!clock.instant().isBefore(waitEnds)) {
      return new Progress(Stage.PAST_LIMIT, before.waiting());
    }
    if (!ensured) {
      try {
        // Creating it queues its backfill (SearchIndexBackfill) before this returns.
        index.ensureExists();
        ensured = true;
      } catch (IOException | RuntimeException e) {
        return new Progress(Stage.UNREACHABLE, 0);
      }
    }
    long waiting;
    try {
      waiting = outbox.countByIndexNameAndAttempts(index.name(), 0);
    } catch (RuntimeException e) {
      // MySQL unreachable: readiness is down for that already; asked again next time.
      return before;
    }
    return new Progress(waiting == 0 ? Stage.FILLED : Stage.FILLING, waiting);
  }
}
