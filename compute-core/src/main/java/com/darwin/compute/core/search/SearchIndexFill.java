package com.darwin.compute.core.search;

import com.darwin.compute.core.config.SchedulingConfiguration;
import com.darwin.compute.core.config.SearchProperties;
import com.darwin.compute.core.store.OutboxRepository;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
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
 * <p>Checked before the replica reports ready, then once a second until settled, never again after:
 * the index is created if it does not exist yet (so the fill starts at once, not at the first
 * search), then the rows for this index that its indexer would take now are counted (one statement,
 * on an index): the backfill's, the audit's, and any whose retry is due; not the changes the other
 * version's indexer forwards during a rollout (a stream that seldom leaves none). None left:
 * filled. An index another replica (or another thread of this one) created less than {@link
 * #RECENT} ago is not taken for filled on a count of none until {@link #BACKFILL_GRACE} after this
 * replica first found it: its backfill may not be queued yet.
 *
 * <p>A backfill MySQL failed is waited for on the replica that created the index, while it is tried
 * again ({@link Stage#BACKFILL_OWED}); other replicas cannot know of it (the audit after their
 * start queues those clusters).
 *
 * <p>What is not waited for: rows that failed and wait for their retry (Elasticsearch had its
 * chance, and one document it keeps refusing must not hold every replica out); Elasticsearch
 * unreachable at the first check (search is reported degraded, cluster operations go on; the
 * replica does not turn unready later when it comes back, which would take every replica started
 * meanwhile out at once); anything past {@code compute.search.fill-wait-limit} after the start (0:
 * no wait, and no index made at start), even when the check cannot run; and an index emptied later
 * (deleted by hand, a server restored empty), which is refilled as before without taking replicas
 * out. Without old replicas beside them (a first install, a stop-and-start deployment), all
 * replicas wait for a new index together: set the limit to 0 for those if searches missing clusters
 * are preferred to a pause.
 */
@Component
public class SearchIndexFill {

  /** Where the fill stands, as this replica last saw it. */
  public enum Stage {
    /**
     * Not looked at yet (the first check runs before the replica reports ready), or an index
     * another replica created moments ago with nothing queued for it yet.
     */
    CHECKING(true),
    /** Rows for this index wait on the outbox: it is new and filling. */
    FILLING(true),
    /**
     * This replica created the index, and its backfill is not queued whole yet: under way, or
     * failed by MySQL and tried again ({@link SearchIndexBackfill}).
     */
    BACKFILL_OWED(true),
    /** Elasticsearch did not answer, or refused to create the index: nothing to wait for. */
    UNREACHABLE(false),
    /** No row for this index waited once it existed. */
    FILLED(false),
    /** {@code fill-wait-limit} passed before the index was seen filled. */
    PAST_LIMIT(false),
    /** {@code fill-wait-limit} is 0, or no scheduler runs the check: never waited for. */
    OFF(false);

    private final boolean waits;

    Stage(boolean waits) {
      this.waits = waits;
    }

    /** The replica stays out of readiness, and is checked again; every other stage is final. */
    public boolean waits() {
      return waits;
    }
  }

  /**
   * @param waiting rows for this index its indexer would take, at the last check
   */
  public record Progress(Stage stage, long waiting) {}

  /**
   * How long a count of no rows is not trusted on an index another caller created recently: the
   * creator queues its first rows of backfill within milliseconds of the creation.
   */
  static final Duration BACKFILL_GRACE = Duration.ofSeconds(10);

  /**
   * An index created this recently, by Elasticsearch's clock against this replica's, gets the grace
   * from when this replica found it, not from its creation: the clocks may differ by seconds.
   */
  static final Duration RECENT = Duration.ofMinutes(1);

  private static final Logger log = LoggerFactory.getLogger(SearchIndexFill.class);

  private final SearchIndex index;
  private final SearchIndexBackfill backfill;
  private final OutboxRepository outbox;
  private final Clock clock;
  private final Instant waitEnds;
  private volatile Progress progress;
  // From when a count of no rows means filled; null until the index is known to exist.
  private Instant trustedFrom;

  @Autowired
  SearchIndexFill(
      SearchIndex index,
      SearchIndexBackfill backfill,
      OutboxRepository outbox,
      SearchProperties properties,
      Clock clock,
      ObjectProvider<SchedulingConfiguration> scheduling) {
    this(index, backfill, outbox, properties, clock, scheduling.getIfAvailable() != null);
  }

  /**
   * @param scheduled whether {@link #check()} is run on a schedule; if not, nothing is waited for
   */
  public SearchIndexFill(
      SearchIndex index,
      SearchIndexBackfill backfill,
      OutboxRepository outbox,
      SearchProperties properties,
      Clock clock,
      boolean scheduled) {
    this.index = index;
    this.backfill = backfill;
    this.outbox = outbox;
    this.clock = clock;
    Duration limit = properties.fillWaitLimit();
    this.waitEnds = clock.instant().plus(limit);
    this.progress = new Progress(limit.isZero() || !scheduled ? Stage.OFF : Stage.CHECKING, 0);
  }

  public String index() {
    return index.name();
  }

  /**
   * As of the last check, and never waiting past the limit (even if the checks stopped running);
   * never asks a store, so it answers a probe at once.
   */
  public Progress progress() {
    Progress last = progress;
    if (last.stage().waits() && !clock.instant().isBefore(waitEnds)) {
      return new Progress(Stage.PAST_LIMIT, last.waiting());
    }
    return last;
  }

  /**
   * The first check, before the replica reports ready at all: were it left to the schedule, a probe
   * could find the replica ready and then, once the check finds a new index, out again. A few
   * milliseconds on an existing index; on one it creates, also the time to queue the backfill (a
   * statement per thousand clusters); up to {@code compute.search.request-timeout} when
   * Elasticsearch does not answer.
   */
  @EventListener(ApplicationStartedEvent.class)
  public void checkBeforeReady() {
    check();
  }

  // Each replica on its own (no lock): it is this replica's readiness.
  @Scheduled(fixedDelay = 1, timeUnit = TimeUnit.SECONDS)
  public synchronized void check() {
    Progress before = progress;
    if (!before.stage().waits()) {
      return;
    }
    Progress now = next(before);
    progress = now;
    if (now.stage() == Stage.FILLED
        && (before.stage() == Stage.FILLING || before.stage() == Stage.BACKFILL_OWED)) {
      log.info("Search index {} filled: this replica takes searches", index.name());
    } else if (now.stage() == Stage.PAST_LIMIT && before.stage() == Stage.BACKFILL_OWED) {
      log.warn(
          "Search index {}: its backfill was still not queued when the wait ended: this replica"
              + " takes searches meanwhile, and the backfill is still tried",
          index.name());
    } else if (now.stage() == Stage.PAST_LIMIT && before.stage().waits()) {
      log.warn(
          "Search index {} still filling ({} clusters to index) when its wait ended: this replica"
              + " takes searches meanwhile",
          index.name(),
          before.waiting());
    } else if (now.stage() == Stage.BACKFILL_OWED && before.stage() != Stage.BACKFILL_OWED) {
      log.warn(
          "Search index {} created, its backfill failed: this replica stays out of readiness while"
              + " it is tried again",
          index.name());
    } else if (now.stage() == Stage.FILLING && before.stage() != Stage.FILLING) {
      log.info(
          "Search index {} filling ({} clusters to index): this replica stays out of readiness"
              + " until it is filled",
          index.name(),
          now.waiting());
    }
  }

  private Instant trustedFrom(Optional<Instant> createdAt) {
    Instant now = clock.instant();
    return createdAt.filter(at -> at.isAfter(now.minus(RECENT))).isPresent()
        ? now.plus(BACKFILL_GRACE)
        : Instant.MIN;
  }

  private Progress next(Progress before) {
    if (!clock.instant().isBefore(waitEnds)) {
      return new Progress(Stage.PAST_LIMIT, before.waiting());
    }
    if (trustedFrom == null) {
      try {
        // Creating it queues its backfill (SearchIndexBackfill) before this returns.
        trustedFrom = index.ensureExists() ? Instant.MIN : trustedFrom(index.createdAt());
      } catch (IOException | RuntimeException e) {
        log.warn(
            "Search index {} not checked ({}): this replica does not wait for it to fill",
            index.name(),
            e.toString());
        return new Progress(Stage.UNREACHABLE, 0);
      }
    }
    // Read before the count: the backfill stops being owed only after its last batch committed,
    // so a count made after seeing it paid includes every row it queued.
    boolean owed = backfill.owed();
    long waiting;
    try {
      waiting =
          outbox.countByIndexNameAndForwardedFalseAndNextAttemptAtLessThanEqual(
              index.name(), clock.instant().plus(OutboxQueue.OTHER_VERSIONS_WAIT));
    } catch (RuntimeException e) {
      // MySQL unreachable: readiness is down for that already; asked again next time.
      return before;
    }
    if (owed) {
      // Whatever was queued so far is counted; the rest is not queued yet.
      return new Progress(Stage.BACKFILL_OWED, waiting);
    }
    if (waiting > 0) {
      return new Progress(Stage.FILLING, waiting);
    }
    return clock.instant().isBefore(trustedFrom)
        ? new Progress(Stage.CHECKING, 0)
        : new Progress(Stage.FILLED, 0);
  }
}
