package com.darwin.compute.core.search;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

import com.darwin.compute.core.TestingTransactions;
import com.darwin.compute.core.config.SearchProperties;
import com.darwin.compute.core.store.ClusterRepository;
import com.darwin.compute.core.store.OutboxEntry;
import com.darwin.compute.core.store.OutboxRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.domain.Limit;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * How many batches one scheduled drain takes (full ones back to back, unless the index fails), and
 * which written rows are forwarded to the indexes of other versions.
 */
class OutboxIndexerTest {

  private static final Instant NOW = Instant.parse("2026-12-02T09:00:00Z");

  private final OutboxRepository outbox = mock(OutboxRepository.class);
  private final SearchIndex index = mock(SearchIndex.class);
  private final SearchIndexReaders readers = mock(SearchIndexReaders.class);
  private final OutboxQueue queue = mock(OutboxQueue.class);
  private final OutboxIndexer indexer = indexer();

  private OutboxIndexer indexer() {
    TransactionTemplate tx = TestingTransactions.immediate();
    ClusterRepository clusters = mock(ClusterRepository.class);
    when(clusters.findByClusterIdIn(any())).thenReturn(List.of());
    SearchProperties properties =
        TestingSearchProperties.of("http://search", 2, 10, Duration.ofSeconds(1));
    return new OutboxIndexer(
        outbox,
        clusters,
        mock(ClusterDocumentFactory.class),
        index,
        readers,
        queue,
        properties,
        tx,
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private void backlogOfFullBatches() {
    // Every read finds a full batch (a backlog larger than any drain).
    when(outbox.findByNextAttemptAtLessThanEqualOrderByIdAsc(any(Instant.class), any(Limit.class)))
        .thenReturn(
            List.of(new OutboxEntry("id-a", NOW), new OutboxEntry("id-b", NOW)),
            List.of(new OutboxEntry("id-c", NOW), new OutboxEntry("id-d", NOW)),
            List.of(new OutboxEntry("id-e", NOW)));
  }

  @Test
  void fullBatchesAreDrainedBackToBack() throws Exception {
    backlogOfFullBatches();
    when(index.write(anyMap(), anyList())).thenReturn(Map.of());

    indexer.drain();

    verify(index, times(3)).write(anyMap(), anyList());
  }

  @Test
  void rowsForThisIndexOnlyFillTheBatchAfterTheDueOnes() throws Exception {
    when(index.name()).thenReturn("clusters-v9");
    // One row of each, then none: the batch of two is full, so the drain reads again.
    when(outbox.findByNextAttemptAtLessThanEqualOrderByIdAsc(any(Instant.class), any(Limit.class)))
        .thenReturn(List.of(new OutboxEntry("id-due", NOW)), List.of());
    when(outbox
            .findByIndexNameAndNextAttemptAtGreaterThanAndNextAttemptAtLessThanEqualOrderByNextAttemptAtAscIdAsc(
                "clusters-v9", NOW, NOW.plus(OutboxQueue.OTHER_VERSIONS_WAIT), Limit.of(1)))
        .thenReturn(List.of(new OutboxEntry("id-backfill", NOW.plusSeconds(3600))), List.of());
    when(index.write(anyMap(), anyList())).thenReturn(Map.of());

    indexer.drain();

    // Neither cluster has a row any more here, so both documents are deleted, in one batch.
    verify(index).write(Map.of(), List.of("id-due", "id-backfill"));
  }

  @Test
  void aFullBatchOfDueRowsLeavesThisIndexsRowsForTheNextOne() throws Exception {
    backlogOfFullBatches();
    when(index.write(anyMap(), anyList())).thenReturn(Map.of());

    indexer.drain();

    // The first two batches were full: only the last, with one row, was topped up.
    verify(outbox, times(1))
        .findByIndexNameAndNextAttemptAtGreaterThanAndNextAttemptAtLessThanEqualOrderByNextAttemptAtAscIdAsc(
            any(), any(), any(), any());
  }

  @Test
  void aFailedRowForThisIndexStaysHiddenFromOtherVersionsUntilItsRetry() throws Exception {
    when(index.name()).thenReturn("clusters-v9");
    OutboxEntry change = new OutboxEntry("id-change", NOW);
    OutboxEntry backfill = mock(OutboxEntry.class);
    when(backfill.getId()).thenReturn(7L);
    when(backfill.getClusterId()).thenReturn("id-backfill");
    when(backfill.getIndexName()).thenReturn("clusters-v9");
    when(outbox.findByNextAttemptAtLessThanEqualOrderByIdAsc(any(Instant.class), any(Limit.class)))
        .thenReturn(List.of(change));
    when(outbox
            .findByIndexNameAndNextAttemptAtGreaterThanAndNextAttemptAtLessThanEqualOrderByNextAttemptAtAscIdAsc(
                any(), any(), any(), any()))
        .thenReturn(List.of(backfill));
    when(index.write(anyMap(), anyList())).thenThrow(new IllegalStateException("timed out"));

    indexer.drain();

    // The change's row is due for every replica at its retry (1 s here); the backfill's an hour
    // after, and this version takes it at the retry, as before its failure.
    Instant retry = NOW.plusSeconds(1);
    verify(outbox).postpone(eq(java.util.Collections.singletonList(null)), eq(retry), any());
    verify(outbox)
        .postpone(eq(List.of(7L)), eq(retry.plus(OutboxQueue.OTHER_VERSIONS_WAIT)), any());
  }

  @Test
  void aFailingIndexEndsTheDrainAfterOneBatch() throws Exception {
    backlogOfFullBatches();
    when(index.write(anyMap(), anyList())).thenThrow(new IllegalStateException("timed out"));

    indexer.drain();

    verify(index, times(1)).write(anyMap(), anyList());
    verify(outbox, times(1)).postpone(anyList(), any(Instant.class), any());
  }

  @Test
  void aChangeWrittenHereIsQueuedAgainForEveryOtherIndexRead() throws Exception {
    when(index.name()).thenReturn("clusters-v9");
    OutboxEntry backfill = mock(OutboxEntry.class);
    when(backfill.getId()).thenReturn(7L);
    when(backfill.getClusterId()).thenReturn("id-backfill");
    when(backfill.getIndexName()).thenReturn("clusters-v9");
    when(outbox.findByNextAttemptAtLessThanEqualOrderByIdAsc(any(Instant.class), any(Limit.class)))
        .thenReturn(
            List.of(
                new OutboxEntry("id-a", NOW),
                new OutboxEntry("id-failed", NOW),
                new OutboxEntry("id-a", NOW)));
    when(outbox
            .findByIndexNameAndNextAttemptAtGreaterThanAndNextAttemptAtLessThanEqualOrderByNextAttemptAtAscIdAsc(
                any(), any(), any(), any()))
        .thenReturn(List.of(backfill));
    when(index.write(anyMap(), anyList())).thenReturn(Map.of("id-failed", "mapping refused"));
    when(readers.othersRead()).thenReturn(List.of("clusters-v8", "clusters-v10"));

    indexer.drain();

    // The change written, once; not the one Elasticsearch refused (forwarded once its retry is
    // written), nor this index's own backfill row.
    verify(queue).forward("clusters-v8", java.util.Set.of("id-a"));
    verify(queue).forward("clusters-v10", java.util.Set.of("id-a"));
    verifyNoMoreInteractions(queue);
  }

  @Test
  void nothingIsForwardedWhenNoOtherIndexIsReadNorAskedWithoutAChange() throws Exception {
    when(index.name()).thenReturn("clusters-v9");
    when(outbox.findByNextAttemptAtLessThanEqualOrderByIdAsc(any(Instant.class), any(Limit.class)))
        .thenReturn(List.of(new OutboxEntry("id-a", NOW)), List.of());
    when(index.write(anyMap(), anyList())).thenReturn(Map.of());
    when(readers.othersRead()).thenReturn(List.of());

    indexer.drain();
    verify(readers, times(1)).othersRead();

    // A batch of this index's rows only: the readers are not asked.
    OutboxEntry backfill = mock(OutboxEntry.class);
    when(backfill.getClusterId()).thenReturn("id-backfill");
    when(backfill.getIndexName()).thenReturn("clusters-v9");
    when(outbox
            .findByIndexNameAndNextAttemptAtGreaterThanAndNextAttemptAtLessThanEqualOrderByNextAttemptAtAscIdAsc(
                any(), any(), any(), any()))
        .thenReturn(List.of(backfill));
    indexer.drain();
    verify(readers, times(1)).othersRead();
    verifyNoMoreInteractions(queue);
  }

  @Test
  void aBatchWrittenButNotSettledIsPostponedNotWrittenAgainAtTheNextDrain() throws Exception {
    backlogOfFullBatches();
    when(index.write(anyMap(), anyList())).thenReturn(Map.of());
    // Reading the other indexes fails (the deletes roll back with it).
    when(readers.othersRead()).thenThrow(new QueryTimeoutException("lock wait timeout"));

    indexer.drain();

    // One batch, postponed with backoff like a failed one, and the drain ends there.
    verify(index, times(1)).write(anyMap(), anyList());
    verify(outbox).postpone(anyList(), eq(NOW.plusSeconds(1)), any());
  }
}
