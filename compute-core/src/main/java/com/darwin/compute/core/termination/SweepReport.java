package com.darwin.compute.core.termination;

import com.darwin.compute.core.store.IdBatches;

/**
 * What one auto-termination sweep did, and what it cost. {@code reindexed}: clusters in use whose
 * search document the sweep queued, their last use having moved into a new interval.
 */
public record SweepReport(
    int clusters,
    int probed,
    int inUse,
    int reindexed,
    int idle,
    int unknown,
    int stopped,
    int alerts,
    int sqlStatements,
    long durationMillis) {

  /**
   * The statements but the outbox inserts of the clusters re-indexed for their last use (one per
   * {@link IdBatches#SIZE}): those fall in whichever sweep a cluster's interval ends, so two sweeps
   * doing the same work compare equal on this.
   */
  public int statementsBesidesReindexing() {
    return sqlStatements - (reindexed + IdBatches.SIZE - 1) / IdBatches.SIZE;
  }
}
