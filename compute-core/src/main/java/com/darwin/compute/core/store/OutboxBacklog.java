package com.darwin.compute.core.store;

import java.time.Instant;

/**
 * The search outbox rows one index's indexer takes: how many, and when the oldest was written (null
 * when there are none).
 */
public record OutboxBacklog(Long rows, Instant oldestCreatedAt) {}
