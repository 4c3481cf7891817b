package com.darwin.compute.core.termination;

/** What one auto-termination sweep did, and what it cost. */
public record SweepReport(
    int clusters,
    int probed,
    int inUse,
    int idle,
    int unknown,
    int stopped,
    int alerts,
    int sqlStatements,
    long durationMillis) {}
