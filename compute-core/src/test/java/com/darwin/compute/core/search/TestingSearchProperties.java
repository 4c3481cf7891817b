package com.darwin.compute.core.search;

import com.darwin.compute.core.config.SearchProperties;
import java.time.Duration;

/** {@link SearchProperties} for unit tests: the defaults but for what a test is about. */
final class TestingSearchProperties {

  private TestingSearchProperties() {}

  static SearchProperties of(String url, int batchSize, int maxConnections, Duration poolWait) {
    return of(url, batchSize, maxConnections, poolWait, Duration.ofMinutes(5));
  }

  static SearchProperties defaults() {
    return withFillWaitLimit(Duration.ofMinutes(5));
  }

  static SearchProperties withFillWaitLimit(Duration fillWaitLimit) {
    return of("http://localhost:9200", 500, 10, Duration.ofSeconds(1), fillWaitLimit);
  }

  private static SearchProperties of(
      String url, int batchSize, int maxConnections, Duration poolWait, Duration fillWaitLimit) {
    return new SearchProperties(
        url,
        null,
        null,
        "clusters-test",
        batchSize,
        Duration.ofSeconds(1),
        Duration.ofSeconds(1),
        Duration.ofMinutes(1),
        Duration.ofSeconds(5),
        maxConnections,
        poolWait,
        Duration.ofMinutes(10),
        Duration.ofHours(1),
        5_000,
        Duration.ofMinutes(5),
        fillWaitLimit);
  }
}
