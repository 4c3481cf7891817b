package com.darwin.compute.core.store;

/**
 * One run of a cluster as its cost reads it: its first start and its last end (action ids; null
 * when the run has none).
 */
public record RunSpanIds(String runId, Long firstStartId, Long lastEndId) {}
