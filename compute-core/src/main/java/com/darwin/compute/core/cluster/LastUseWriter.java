package com.darwin.compute.core.cluster;

import com.darwin.compute.core.config.SearchProperties;
import com.darwin.compute.core.store.ClusterRepository;
import com.darwin.compute.core.store.IdBatches;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes the uses of running clusters (the sweep finding one in use, an install or command running
 * on its pods, a keep-alive, a job submitted) to {@code last_used_at}, and re-indexes a cluster
 * when its use puts search's {@code last_used_on} more than {@code
 * compute.search.last-used-precision} behind.
 *
 * <p>A use moves {@code last_used_at} and nothing else the search document holds, and a busy
 * cluster is used at every sweep (each minute), every two seconds while pod work runs, and at every
 * keep-alive: an outbox row per use would re-index every running cluster that often, for a field
 * shown in minutes. So each cluster's time is cut into intervals of the precision's length, and a
 * use re-indexes the cluster when it moves {@code last_used_at} out of an earlier interval: once
 * per interval for a cluster in constant use, at once for the first use after a quiet spell. Its
 * document is then at most one interval, plus the indexer's delay, behind.
 *
 * <p>Each cluster's intervals are offset from the epoch by a hash of its id (the same on every
 * replica: {@link String#hashCode()} is specified), so busy clusters are re-indexed spread over the
 * interval, not all in the sweep after a round hour.
 */
@Component
public class LastUseWriter {

  private final long precisionMillis;
  private final ClusterRepository clusters;
  private final ClusterTimeline timeline;

  public LastUseWriter(
      SearchProperties properties, ClusterRepository clusters, ClusterTimeline timeline) {
    this.precisionMillis = properties.lastUsedPrecision().toMillis();
    this.clusters = clusters;
    this.timeline = timeline;
  }

  /** Where the cluster's interval holding {@code now} starts. */
  public Instant intervalStart(String clusterId, Instant now) {
    long offset = Math.floorMod((long) clusterId.hashCode(), precisionMillis);
    long intervals = Math.floorDiv(now.toEpochMilli() - offset, precisionMillis);
    return Instant.ofEpochMilli(intervals * precisionMillis + offset);
  }

  /** Whether a use at {@code now} of a cluster last used {@code before} re-indexes it. */
  public boolean reindexes(String clusterId, Instant before, Instant now) {
    return before == null || before.isBefore(intervalStart(clusterId, now));
  }

  /**
   * The clusters used at {@code now}, given when each was last used as read: their {@code
   * last_used_at} moved there (never back), one update per thousand, and those whose use moves it
   * into a new interval queued on the outbox, one insert per thousand, in the caller's transaction
   * if there is one. Answers how many were queued.
   */
  @Transactional
  public int used(Map<String, Instant> lastUsedBefore, Instant now) {
    if (lastUsedBefore.isEmpty()) {
      return 0;
    }
    IdBatches.of(lastUsedBefore.keySet()).forEach(batch -> clusters.touchLastUsed(batch, now));
    List<String> reindexed = new ArrayList<>();
    lastUsedBefore.forEach(
        (clusterId, before) -> {
          if (reindexes(clusterId, before, now)) {
            reindexed.add(clusterId);
          }
        });
    if (!reindexed.isEmpty()) {
      timeline.reindex(reindexed);
    }
    return reindexed.size();
  }

  /**
   * A keep-alive: the running cluster used at {@code now}, unless a later use is stored. One
   * statement when its last use is in its current interval (the usual case); otherwise the general
   * update, and the outbox row. Answers whether {@code last_used_at} moved.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public boolean keepAlive(String clusterId, Instant now) {
    if (clusters.keepAliveSince(clusterId, now, intervalStart(clusterId, now)) == 1) {
      return true;
    }
    if (clusters.keepAlive(clusterId, now) == 1) {
      timeline.reindex(List.of(clusterId));
      return true;
    }
    return false;
  }
}
