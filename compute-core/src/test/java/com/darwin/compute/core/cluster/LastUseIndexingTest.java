package com.darwin.compute.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.darwin.compute.core.config.SearchProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A use re-indexes a cluster once per interval of the precision, not at every use. */
class LastUseIndexingTest {

  private static final Instant NOW = Instant.parse("2026-12-05T10:07:30.250Z");

  private final ClusterTimeline timeline = mock(ClusterTimeline.class);

  private LastUseIndexing every(Duration precision) {
    SearchProperties properties = mock(SearchProperties.class);
    when(properties.lastUsedPrecision()).thenReturn(precision);
    return new LastUseIndexing(properties, timeline);
  }

  @Test
  void intervalsAreCountedFromTheEpoch() {
    assertThat(every(Duration.ofMinutes(5)).intervalStart(NOW))
        .isEqualTo(Instant.parse("2026-12-05T10:05:00Z"));
    assertThat(every(Duration.ofHours(1)).intervalStart(NOW))
        .isEqualTo(Instant.parse("2026-12-05T10:00:00Z"));
    assertThat(every(Duration.ofMillis(1)).intervalStart(NOW)).isEqualTo(NOW);
    // An interval's first instant is its own start.
    Instant start = Instant.parse("2026-12-05T10:05:00Z");
    assertThat(every(Duration.ofMinutes(5)).intervalStart(start)).isEqualTo(start);
  }

  @Test
  void onlyAUseMovingOutOfAnEarlierIntervalReindexes() {
    LastUseIndexing indexing = every(Duration.ofMinutes(5));
    assertThat(indexing.reindexes(Instant.parse("2026-12-05T10:04:59.999Z"), NOW)).isTrue();
    assertThat(indexing.reindexes(Instant.parse("2026-12-05T10:05:00Z"), NOW)).isFalse();
    assertThat(indexing.reindexes(NOW.minusMillis(1), NOW)).isFalse();
    assertThat(indexing.reindexes(null, NOW)).isTrue();
    // Every use of a cluster in constant use, a minute apart: one re-index per five minutes.
    int reindexed = 0;
    Instant last = Instant.parse("2026-12-05T10:00:30Z");
    for (int minute = 1; minute <= 60; minute++) {
      Instant use = last.plus(Duration.ofMinutes(1));
      if (indexing.reindexes(last, use)) {
        reindexed++;
      }
      last = use;
    }
    assertThat(reindexed).isEqualTo(12);
  }

  @Test
  void aSweepQueuesTheClustersWhoseUseMovedIntoANewInterval() {
    Map<String, Instant> before = new LinkedHashMap<>();
    before.put("quiet-for-an-hour", NOW.minus(Duration.ofHours(1)));
    before.put("used-this-interval", NOW.minus(Duration.ofMinutes(1)));
    before.put("used-last-interval", Instant.parse("2026-12-05T10:04:00Z"));

    int queued = every(Duration.ofMinutes(5)).used(before, NOW);

    assertThat(queued).isEqualTo(2);
    verify(timeline).reindex(List.of("quiet-for-an-hour", "used-last-interval"));
  }

  @Test
  void aSweepWithNothingToReindexSendsNothing() {
    int queued =
        every(Duration.ofMinutes(5)).used(Map.of("used-this-interval", NOW.minusSeconds(60)), NOW);

    assertThat(queued).isZero();
    verify(timeline, never()).reindex(any());
  }
}
