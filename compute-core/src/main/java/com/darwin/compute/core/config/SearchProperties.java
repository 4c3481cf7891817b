package com.darwin.compute.core.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Elasticsearch, the outbox indexer that keeps it in step with MySQL, and the audit that finds
 * where it did not ({@code auditInitialDelay}, {@code auditInterval}: when it runs; {@code
 * auditPageSize}: clusters and documents compared per statement and per search). {@code
 * lastUsedPrecision}: how far a search document's {@code last_used_on} may fall behind a cluster in
 * use (uses re-index a cluster once per interval of this length, not at every use). {@code
 * fillWaitLimit}: how long, at most, a replica that finds its index new or still filling stays out
 * of readiness while the index fills ({@code 0}: not at all).
 */
@ConfigurationProperties("compute.search")
public record SearchProperties(
    @DefaultValue("http://localhost:9200") String url,
    String username,
    String password,
    @DefaultValue("darwin-compute-clusters-v4") String index,
    @DefaultValue("500") int outboxBatchSize,
    @DefaultValue("1s") Duration drainInterval,
    @DefaultValue("1s") Duration retryInitialBackoff,
    @DefaultValue("1m") Duration retryMaxBackoff,
    @DefaultValue("5s") Duration requestTimeout,
    @DefaultValue("100") int maxConnections,
    @DefaultValue("1s") Duration poolWait,
    @DefaultValue("10m") Duration auditInitialDelay,
    @DefaultValue("1h") Duration auditInterval,
    @DefaultValue("5000") int auditPageSize,
    @DefaultValue("5m") Duration lastUsedPrecision,
    @DefaultValue("5m") Duration fillWaitLimit) {

  public SearchProperties {
    // The drain reads the outbox a batch at a time until a batch comes back short: with batches of
    // none, it would never stop reading.
    SettingChecks.atLeastOne("compute.search.outbox-batch-size", outboxBatchSize);
    SettingChecks.positive("compute.search.drain-interval", drainInterval);
    // The HTTP client counts it in whole milliseconds and reads 0 as "wait for ever".
    SettingChecks.atLeastOneMillisecond("compute.search.request-timeout", requestTimeout);
    // The HTTP client reads 0 as "wait for ever": the very wait this setting bounds.
    if (poolWait == null || poolWait.isZero() || poolWait.isNegative()) {
      throw new IllegalArgumentException(
          "compute.search.pool-wait must be positive, not " + poolWait);
    }
    // The audit's lock is held for the interval, through ShedLock's keep-alive, which refuses a
    // lease under 30 s: a shorter interval would fail every run.
    if (auditInterval == null || auditInterval.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new IllegalArgumentException(
          "compute.search.audit-interval must be at least 1m, not " + auditInterval);
    }
    // More than Elasticsearch's default result window (10,000) would be refused by every search.
    if (auditPageSize < 1 || auditPageSize > 10_000) {
      throw new IllegalArgumentException(
          "compute.search.audit-page-size must be between 1 and 10000, not " + auditPageSize);
    }
    // Intervals are counted in whole milliseconds (the column's precision) from the epoch.
    if (lastUsedPrecision == null || lastUsedPrecision.toMillis() < 1) {
      throw new IllegalArgumentException(
          "compute.search.last-used-precision must be at least 1ms, not " + lastUsedPrecision);
    }
    if (fillWaitLimit == null || fillWaitLimit.isNegative()) {
      throw new IllegalArgumentException(
          "compute.search.fill-wait-limit must be 0 or more, not " + fillWaitLimit);
    }
  }
}
