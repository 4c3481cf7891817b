package com.darwin.compute.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.darwin.compute.core.config.SearchProperties;
import com.darwin.compute.core.store.ClusterRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A use re-indexes a cluster once per interval of the precision, not at every use. */
class LastUseWriterTest {

  private static final Instant NOW = Instant.parse("2026-12-05T10:07:30.250Z");
  private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

  private final ClusterRepository clusters = mock(ClusterRepository.class);
  private final ClusterTimeline timeline = mock(ClusterTimeline.class);

  private LastUseWriter every(Duration precision) {
    SearchProperties properties = mock(SearchProperties.class);
    when(properties.lastUsedPrecision()).thenReturn(precision);
    return new LastUseWriter(properties, clusters, timeline);
  }

  @Test
  void eachClustersIntervalsHaveThePrecisionsLength() {
    LastUseWriter writer = every(FIVE_MINUTES);
    for (int i = 0; i < 200; i++) {
      String id = "id-" + Integer.toString(i * 7919, 36);
      Instant start = writer.intervalStart(id, NOW);
      assertThat(start).isBeforeOrEqualTo(NOW).isAfter(NOW.minus(FIVE_MINUTES));
      // An interval's first instant is its own start, its last one the previous interval's.
      assertThat(writer.intervalStart(id, start)).isEqualTo(start);
      assertThat(writer.intervalStart(id, start.minusMillis(1)))
          .isEqualTo(start.minus(FIVE_MINUTES));
      assertThat(writer.intervalStart(id, start.plus(FIVE_MINUTES).minusMillis(1)))
          .isEqualTo(start);
    }
    assertThat(every(Duration.ofMillis(1)).intervalStart("id-any", NOW)).isEqualTo(NOW);
  }

  @Test
  void clustersAreReindexedSpreadOverTheIntervalNotAllAtOnce() {
    LastUseWriter writer = every(FIVE_MINUTES);
    Set<Instant> starts = new HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      starts.add(writer.intervalStart("id-" + Integer.toString(i * 7919, 36), NOW));
    }
    // With one interval start for all (counted from the epoch), every busy cluster would cross
    // into a new interval in the same sweep.
    assertThat(starts).hasSizeGreaterThan(900);
  }

  @Test
  void onlyAUseMovingOutOfAnEarlierIntervalReindexes() {
    LastUseWriter writer = every(FIVE_MINUTES);
    String id = "id-busy";
    Instant start = writer.intervalStart(id, NOW);
    assertThat(writer.reindexes(id, start.minusMillis(1), NOW)).isTrue();
    assertThat(writer.reindexes(id, start, NOW)).isFalse();
    assertThat(writer.reindexes(id, NOW.minusMillis(1), NOW)).isEqualTo(NOW.equals(start));
    assertThat(writer.reindexes(id, NOW.minus(Duration.ofHours(1)), NOW)).isTrue();
    assertThat(writer.reindexes(id, null, NOW)).isTrue();
    // Every use of a cluster in constant use, a minute apart: one re-index per five minutes.
    int reindexed = 0;
    Instant last = NOW;
    for (int minute = 1; minute <= 60; minute++) {
      Instant use = last.plus(Duration.ofMinutes(1));
      if (writer.reindexes(id, last, use)) {
        reindexed++;
      }
      last = use;
    }
    assertThat(reindexed).isEqualTo(12);
  }

  @Test
  void usesAreWrittenAndThoseMovingIntoANewIntervalQueued() {
    LastUseWriter writer = every(FIVE_MINUTES);
    Map<String, Instant> before = new LinkedHashMap<>();
    before.put("quiet-for-an-hour", NOW.minus(Duration.ofHours(1)));
    before.put("used-this-interval", writer.intervalStart("used-this-interval", NOW));
    String last = "used-last-interval";
    before.put(last, writer.intervalStart(last, NOW).minusMillis(1));

    int queued = writer.used(before, NOW);

    assertThat(queued).isEqualTo(2);
    verify(clusters).touchLastUsed(List.copyOf(before.keySet()), NOW);
    verify(timeline).reindex(List.of("quiet-for-an-hour", last));
  }

  @Test
  void noUseWritesNothing() {
    assertThat(every(FIVE_MINUTES).used(Map.of(), NOW)).isZero();
    verifyNoInteractions(clusters, timeline);
  }

  @Test
  void aKeepAliveWithinTheIntervalIsOneStatementAndQueuesNothing() {
    LastUseWriter writer = every(FIVE_MINUTES);
    Instant start = writer.intervalStart("id-a", NOW);
    when(clusters.keepAliveSince("id-a", NOW, start)).thenReturn(1);

    assertThat(writer.keepAlive("id-a", NOW)).isTrue();

    verify(clusters, never()).keepAlive(anyString(), any());
    verifyNoInteractions(timeline);
  }

  @Test
  void theFirstKeepAliveOfAnIntervalQueuesTheCluster() {
    LastUseWriter writer = every(FIVE_MINUTES);
    when(clusters.keepAlive("id-a", NOW)).thenReturn(1);

    assertThat(writer.keepAlive("id-a", NOW)).isTrue();

    verify(timeline).reindex(List.of("id-a"));
  }

  @Test
  void aKeepAliveThatMovesNothingQueuesNothing() {
    // Stopped, gone, or used later already: the caller tells which.
    assertThat(every(FIVE_MINUTES).keepAlive("id-a", NOW)).isFalse();
    verifyNoInteractions(timeline);
  }
}
