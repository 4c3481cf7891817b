package com.darwin.compute.core.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.darwin.compute.core.store.TimelineRows;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.SimpleTransactionStatus;

/**
 * The backfill queues every cluster a thousand at a time, stamped by the service's clock, for the
 * new index only.
 */
class SearchIndexBackfillTest {

  @Test
  @SuppressWarnings("unchecked")
  void everyClusterIsQueuedInBatchesAtTheServicesTimeNotTheDatabasesDefault() {
    JdbcTemplate jdbc = mock(JdbcTemplate.class);
    List<String> ids = IntStream.range(0, 2_500).mapToObj(i -> "id-" + i).toList();
    when(jdbc.queryForList("SELECT cluster_id FROM clusters", String.class)).thenReturn(ids);
    TimelineRows rows = mock(TimelineRows.class);
    PlatformTransactionManager transactions = mock(PlatformTransactionManager.class);
    when(transactions.getTransaction(any())).thenReturn(new SimpleTransactionStatus());
    Instant now = Instant.parse("2026-12-04T16:30:00.123Z");

    SearchIndex index = mock(SearchIndex.class);
    when(index.name()).thenReturn("clusters-v9");

    new SearchIndexBackfill(
            jdbc, new OutboxQueue(rows, index, transactions, Clock.fixed(now, ZoneOffset.UTC)))
        .backfill(new SearchIndexCreated("clusters-v9"));

    // For the new index only, due an hour later: replicas of the previous version, draining the
    // same outbox into the old index, leave them to this version's indexer.
    ArgumentCaptor<List<String>> batches = ArgumentCaptor.forClass(List.class);
    verify(rows, org.mockito.Mockito.times(3))
        .insertOutboxFor(eq("clusters-v9"), batches.capture(), eq(now), eq(now.plusSeconds(3600)));
    assertThat(batches.getAllValues()).extracting(List::size).containsExactly(1_000, 1_000, 500);
    assertThat(batches.getAllValues().stream().flatMap(List::stream))
        .containsExactlyElementsOf(ids);
    verify(transactions, org.mockito.Mockito.times(3)).commit(any());
  }
}
