package com.darwin.compute.core.store;

/** One run of a cluster: its id, number of actions, first and last action ids. */
public record RunSummary(String runId, long count, Long firstId, Long lastId) {}
