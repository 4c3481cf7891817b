package com.darwin.compute.core.notify;

/**
 * One alert about one cluster. {@code dedupeKey} identifies "the same cluster and reason": the same
 * key is not alerted twice within the configured window.
 */
public record Alert(String clusterId, String dedupeKey, String text) {}
