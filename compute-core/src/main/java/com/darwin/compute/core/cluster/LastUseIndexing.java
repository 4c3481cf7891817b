package com.darwin.compute.core.cluster;

import com.darwin.compute.core.config.SearchProperties;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * When a use of a cluster (the sweep finding it in use, a keep-alive) re-indexes it, so that search
 * shows {@code last_used_on} at most {@code compute.search.last-used-precision} behind MySQL.
 *
 * <p>A use moves {@code last_used_at} and nothing else the search document holds, and a busy
 * cluster is used at every sweep (each minute) and at every keep-alive: an outbox row per use would
 * re-index every running cluster every minute for a field shown in minutes. So time is cut into
 * intervals of the precision's length, counted from the epoch, and a use re-indexes the cluster
 * when it moves {@code last_used_at} out of an earlier interval: once per interval for a cluster in
 * constant use, and always for the first use after a quiet spell. Its document is then at most one
 * interval, plus the indexer's delay, behind.
 */
@Component
public class LastUseIndexing {

  private final long precisionMillis;
  private final ClusterTimeline timeline;

  public LastUseIndexing(SearchProperties properties, ClusterTimeline timeline) {
    this.precisionMillis = properties.lastUsedPrecision().toMillis();
    this.timeline = timeline;
  }

  /** Where the interval holding {@code now} starts. */
  public Instant intervalStart(Instant now) {
    return Instant.ofEpochMilli(
        Math.floorDiv(now.toEpochMilli(), precisionMillis) * precisionMillis);
  }

  /** Whether a use at {@code now} of a cluster last used {@code before} re-indexes it. */
  public boolean reindexes(Instant before, Instant now) {
    return before == null || before.isBefore(intervalStart(now));
  }

  /**
   * Queues, in the caller's transaction, the clusters whose use at {@code now} re-indexes them,
   * given when each was last used before it; answers how many.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public int used(Map<String, Instant> lastUsedBefore, Instant now) {
    List<String> reindexed = new ArrayList<>();
    lastUsedBefore.forEach(
        (clusterId, before) -> {
          if (reindexes(before, now)) {
            reindexed.add(clusterId);
          }
        });
    if (!reindexed.isEmpty()) {
      timeline.reindex(reindexed);
    }
    return reindexed.size();
  }

  /** Queues one cluster whose use was found to re-index it (a keep-alive's own statement). */
  @Transactional(propagation = Propagation.MANDATORY)
  public void used(String clusterId) {
    timeline.reindex(List.of(clusterId));
  }
}
