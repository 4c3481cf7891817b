package com.darwin.compute.core.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Settings that would break the search jobs at run time are refused at start-up, by name. */
class SearchPropertiesTest {

  private static SearchProperties with(Duration auditInterval, int auditPageSize) {
    return with(auditInterval, auditPageSize, Duration.ofMinutes(5));
  }

  private static SearchProperties with(
      Duration auditInterval, int auditPageSize, Duration lastUsedPrecision) {
    return with(auditInterval, auditPageSize, lastUsedPrecision, Duration.ofMinutes(5));
  }

  private static SearchProperties with(
      Duration auditInterval,
      int auditPageSize,
      Duration lastUsedPrecision,
      Duration fillWaitLimit) {
    return with(
        500,
        Duration.ofSeconds(1),
        Duration.ofSeconds(5),
        auditInterval,
        auditPageSize,
        lastUsedPrecision,
        fillWaitLimit);
  }

  /** The defaults but for the outbox's batches and interval and a request's deadline. */
  private static SearchProperties outbox(
      int outboxBatchSize, Duration drainInterval, Duration requestTimeout) {
    return with(
        outboxBatchSize,
        drainInterval,
        requestTimeout,
        Duration.ofHours(1),
        5_000,
        Duration.ofMinutes(5),
        Duration.ofMinutes(5));
  }

  private static SearchProperties with(
      int outboxBatchSize,
      Duration drainInterval,
      Duration requestTimeout,
      Duration auditInterval,
      int auditPageSize,
      Duration lastUsedPrecision,
      Duration fillWaitLimit) {
    return new SearchProperties(
        "http://localhost:9200",
        null,
        null,
        "clusters",
        outboxBatchSize,
        drainInterval,
        Duration.ofSeconds(1),
        Duration.ofMinutes(1),
        requestTimeout,
        100,
        Duration.ofSeconds(1),
        Duration.ofMinutes(10),
        auditInterval,
        auditPageSize,
        lastUsedPrecision,
        fillWaitLimit);
  }

  @Test
  void anAuditIntervalShorterThanTheLockKeepAliveAcceptsIsRefused() {
    assertThatThrownBy(() -> with(Duration.ofSeconds(30), 5_000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compute.search.audit-interval");
    assertThatCode(() -> with(Duration.ofMinutes(1), 5_000)).doesNotThrowAnyException();
  }

  @Test
  void anAuditPageOutsideElasticsearchsResultWindowIsRefused() {
    assertThatThrownBy(() -> with(Duration.ofHours(1), 0))
        .hasMessageContaining("compute.search.audit-page-size");
    assertThatThrownBy(() -> with(Duration.ofHours(1), 10_001))
        .hasMessageContaining("compute.search.audit-page-size");
    assertThatCode(() -> with(Duration.ofHours(1), 10_000)).doesNotThrowAnyException();
  }

  @Test
  void aLastUsePrecisionUnderAMillisecondIsRefused() {
    // Intervals are whole milliseconds: zero would divide by zero at the first keep-alive.
    assertThatThrownBy(() -> with(Duration.ofHours(1), 5_000, Duration.ZERO))
        .hasMessageContaining("compute.search.last-used-precision");
    assertThatThrownBy(() -> with(Duration.ofHours(1), 5_000, Duration.ofNanos(999_999)))
        .hasMessageContaining("compute.search.last-used-precision");
    assertThatCode(() -> with(Duration.ofHours(1), 5_000, Duration.ofMillis(1)))
        .doesNotThrowAnyException();
  }

  @Test
  void aNegativeFillWaitIsRefusedAndZeroMeansNoWait() {
    assertThatThrownBy(
            () -> with(Duration.ofHours(1), 5_000, Duration.ofMinutes(5), Duration.ofSeconds(-1)))
        .hasMessageContaining("compute.search.fill-wait-limit");
    assertThatCode(() -> with(Duration.ofHours(1), 5_000, Duration.ofMinutes(5), Duration.ZERO))
        .doesNotThrowAnyException();
  }

  @Test
  void anOutboxBatchOfNoRowsIsRefused() {
    // The drain goes on while a batch comes back full: with batches of none, for ever.
    assertThatThrownBy(() -> outbox(0, Duration.ofSeconds(1), Duration.ofSeconds(5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compute.search.outbox-batch-size");
    assertThatCode(() -> outbox(1, Duration.ofSeconds(1), Duration.ofSeconds(5)))
        .doesNotThrowAnyException();
  }

  @Test
  void aDrainIntervalOfZeroOrLessIsRefused() {
    assertThatThrownBy(() -> outbox(500, Duration.ZERO, Duration.ofSeconds(5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compute.search.drain-interval");
    assertThatThrownBy(() -> outbox(500, Duration.ofSeconds(-1), Duration.ofSeconds(5)))
        .hasMessageContaining("compute.search.drain-interval");
    assertThatCode(() -> outbox(500, Duration.ofMillis(200), Duration.ofSeconds(5)))
        .doesNotThrowAnyException();
  }

  @Test
  void aRequestTimeoutUnderAMillisecondIsRefused() {
    // The client's timeouts are whole milliseconds, and it reads 0 as "wait for ever".
    assertThatThrownBy(() -> outbox(500, Duration.ofSeconds(1), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compute.search.request-timeout");
    assertThatThrownBy(() -> outbox(500, Duration.ofSeconds(1), Duration.ofNanos(999_999)))
        .hasMessageContaining("compute.search.request-timeout");
    assertThatThrownBy(() -> outbox(500, Duration.ofSeconds(1), Duration.ofSeconds(-1)))
        .hasMessageContaining("compute.search.request-timeout");
    assertThatCode(() -> outbox(500, Duration.ofSeconds(1), Duration.ofMillis(1)))
        .doesNotThrowAnyException();
  }
}
