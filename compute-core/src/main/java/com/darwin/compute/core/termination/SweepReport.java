package com.darwin.compute.core.termination;

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
    long durationMillis) {}
