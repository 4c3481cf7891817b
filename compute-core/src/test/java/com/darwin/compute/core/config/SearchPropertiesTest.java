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
    return new SearchProperties(
        "http://localhost:9200",
        null,
        null,
        "clusters",
        500,
        Duration.ofSeconds(1),
        Duration.ofSeconds(1),
        Duration.ofMinutes(1),
        Duration.ofSeconds(5),
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
}
