package com.darwin.compute.core.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.darwin.compute.core.TestingClock;
import com.darwin.compute.core.store.TimelineRows;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.SimpleTransactionStatus;

/**
 * The backfill queues every cluster a thousand at a time, stamped by the service's clock, for the
 * new index only; one MySQL failed is tried again until it is queued.
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

    SearchIndexBackfill backfill =
        new SearchIndexBackfill(
            jdbc,
            new OutboxQueue(rows, index, transactions, Clock.fixed(now, ZoneOffset.UTC)),
            mock(SearchIndexReaders.class),
            TestingSearchProperties.defaults(),
            Clock.fixed(now, ZoneOffset.UTC));
    backfill.backfill(new SearchIndexCreated("clusters-v9"));
    assertThat(backfill.owed()).isFalse();

    // For the new index only, due an hour later: replicas of the previous version, draining the
    // same outbox into the old index, leave them to this version's indexer.
    ArgumentCaptor<List<String>> batches = ArgumentCaptor.forClass(List.class);
    verify(rows, times(3))
        .insertOutboxFor(eq("clusters-v9"), batches.capture(), eq(now), eq(now.plusSeconds(3600)));
    assertThat(batches.getAllValues()).extracting(List::size).containsExactly(1_000, 1_000, 500);
    assertThat(batches.getAllValues().stream().flatMap(List::stream))
        .containsExactlyElementsOf(ids);
    verify(transactions, times(3)).commit(any());
  }

  @Test
  @SuppressWarnings("unchecked")
  void aBackfillMySqlFailedIsTriedAgainWithBackoffUntilQueued() {
    JdbcTemplate jdbc = mock(JdbcTemplate.class);
    List<String> ids = List.of("id-1", "id-2");
    when(jdbc.queryForList("SELECT cluster_id FROM clusters", String.class))
        .thenThrow(new CannotGetJdbcConnectionException("MySQL unreachable"))
        .thenThrow(new CannotGetJdbcConnectionException("MySQL unreachable"))
        .thenReturn(ids);
    TimelineRows rows = mock(TimelineRows.class);
    PlatformTransactionManager transactions = mock(PlatformTransactionManager.class);
    when(transactions.getTransaction(any())).thenReturn(new SimpleTransactionStatus());
    TestingClock clock = new TestingClock(Instant.parse("2026-12-05T08:00:00Z"));
    SearchIndex index = mock(SearchIndex.class);
    when(index.name()).thenReturn("clusters-v9");
    // Retries 1 s after the first failure, then 2 s, doubling up to a minute.
    SearchIndexBackfill backfill =
        new SearchIndexBackfill(
            jdbc,
            new OutboxQueue(rows, index, transactions, clock),
            mock(SearchIndexReaders.class),
            TestingSearchProperties.defaults(),
            clock);

    backfill.backfill(new SearchIndexCreated("clusters-v9"));
    assertThat(backfill.owed()).isTrue();
    backfill.retryOwed(); // not due yet
    verify(jdbc, times(1)).queryForList("SELECT cluster_id FROM clusters", String.class);

    clock.advance(Duration.ofSeconds(1));
    backfill.retryOwed(); // fails again: next in 2 s
    assertThat(backfill.owed()).isTrue();
    clock.advance(Duration.ofMillis(1_999));
    backfill.retryOwed();
    verify(jdbc, times(2)).queryForList("SELECT cluster_id FROM clusters", String.class);
    verify(rows, never()).insertOutboxFor(any(), any(), any(), any());

    clock.advance(Duration.ofMillis(1));
    backfill.retryOwed();
    assertThat(backfill.owed()).isFalse();
    verify(rows).insertOutboxFor(eq("clusters-v9"), eq(ids), eq(clock.instant()), any());

    // Paid: nothing more is tried.
    clock.advance(Duration.ofMinutes(5));
    backfill.retryOwed();
    verify(jdbc, times(3)).queryForList("SELECT cluster_id FROM clusters", String.class);
  }

  @Test
  @SuppressWarnings("unchecked")
  void aBatchRefusedIsTriedAgainFromThatBatchWithoutQueuingTheCommittedOnesTwice() {
    JdbcTemplate jdbc = mock(JdbcTemplate.class);
    List<String> ids = IntStream.range(0, 2_500).mapToObj(i -> "id-" + i).toList();
    when(jdbc.queryForList("SELECT cluster_id FROM clusters", String.class)).thenReturn(ids);
    TimelineRows rows = mock(TimelineRows.class);
    List<List<String>> committed = new ArrayList<>();
    AtomicInteger calls = new AtomicInteger();
    doAnswer(
            insert -> {
              // The second batch's transaction is refused once (rolled back: nothing written).
              if (calls.incrementAndGet() == 2) {
                throw new CannotCreateTransactionException("MySQL went away");
              }
              committed.add(List.copyOf((List<String>) insert.getArgument(1)));
              return null;
            })
        .when(rows)
        .insertOutboxFor(any(), any(), any(), any());
    TestingClock clock = new TestingClock(Instant.parse("2026-12-05T08:00:00Z"));
    SearchIndexBackfill backfill = backfill(jdbc, rows, clock);

    backfill.backfill(new SearchIndexCreated("clusters-v9"));
    assertThat(backfill.owed()).isTrue();
    assertThat(committed).hasSize(1);

    clock.advance(Duration.ofSeconds(1));
    backfill.retryOwed();

    assertThat(backfill.owed()).isFalse();
    assertThat(committed).extracting(List::size).containsExactly(1_000, 1_000, 500);
    assertThat(committed.stream().flatMap(List::stream)).containsExactlyElementsOf(ids);
    // The ids were read once: the retry went on from the batch refused.
    verify(jdbc, times(1)).queryForList("SELECT cluster_id FROM clusters", String.class);
  }

  @Test
  void anIndexCreatedAgainWhileABackfillRunsIsNotTakenForPaidByIt() {
    JdbcTemplate jdbc = mock(JdbcTemplate.class);
    TimelineRows rows = mock(TimelineRows.class);
    TestingClock clock = new TestingClock(Instant.parse("2026-12-05T08:00:00Z"));
    SearchIndexBackfill backfill = backfill(jdbc, rows, clock);
    AtomicInteger reads = new AtomicInteger();
    when(jdbc.queryForList("SELECT cluster_id FROM clusters", String.class))
        .thenAnswer(
            read -> {
              if (reads.incrementAndGet() == 1) {
                // The index is deleted and created again (by a search) during this read: that
                // creation does not wait for this backfill, and is owed until one runs for it.
                backfill.backfill(new SearchIndexCreated("clusters-v9"));
                assertThat(backfill.owed()).isTrue();
              }
              return List.of("id-1");
            });

    backfill.backfill(new SearchIndexCreated("clusters-v9"));
    // The first backfill was queued whole, but it ran for the first creation.
    assertThat(backfill.owed()).isTrue();
    assertThat(reads).hasValue(1);

    backfill.retryOwed(); // due at once
    assertThat(backfill.owed()).isFalse();
    assertThat(reads).hasValue(2);
  }

  @Test
  void aRetryDueForABackfillACreationSinceHasPaidDoesNothing() {
    JdbcTemplate jdbc = mock(JdbcTemplate.class);
    when(jdbc.queryForList("SELECT cluster_id FROM clusters", String.class))
        .thenThrow(new CannotGetJdbcConnectionException("MySQL unreachable"))
        .thenReturn(List.of("id-1"));
    TestingClock clock = new TestingClock(Instant.parse("2026-12-05T08:00:00Z"));
    SearchIndexBackfill backfill = backfill(jdbc, mock(TimelineRows.class), clock);

    backfill.backfill(new SearchIndexCreated("clusters-v9"));
    assertThat(backfill.owed()).isTrue();
    backfill.backfill(new SearchIndexCreated("clusters-v9")); // created again, and queued
    assertThat(backfill.owed()).isFalse();

    clock.advance(Duration.ofMinutes(1));
    backfill.retryOwed();
    verify(jdbc, times(2)).queryForList("SELECT cluster_id FROM clusters", String.class);
  }

  @Test
  void thisReplicaIsRecordedAsReadingTheIndexBeforeTheClustersAreRead() {
    JdbcTemplate jdbc = mock(JdbcTemplate.class);
    when(jdbc.queryForList("SELECT cluster_id FROM clusters", String.class))
        .thenReturn(List.of("id-1"));
    SearchIndexReaders readers = mock(SearchIndexReaders.class);
    doThrow(new CannotGetJdbcConnectionException("MySQL unreachable"))
        .doNothing()
        .when(readers)
        .record();
    TestingClock clock = new TestingClock(Instant.parse("2026-12-05T08:00:00Z"));
    SearchIndexBackfill backfill = backfill(jdbc, mock(TimelineRows.class), readers, clock);

    // Not recorded: nothing is read (a change another version's indexer takes meanwhile would not
    // be forwarded here), and the backfill is owed.
    backfill.backfill(new SearchIndexCreated("clusters-v9"));
    assertThat(backfill.owed()).isTrue();
    verify(jdbc, never()).queryForList("SELECT cluster_id FROM clusters", String.class);

    clock.advance(Duration.ofSeconds(1));
    backfill.retryOwed();
    assertThat(backfill.owed()).isFalse();
    InOrder order = inOrder(readers, jdbc);
    order.verify(readers, times(2)).record();
    order.verify(jdbc).queryForList("SELECT cluster_id FROM clusters", String.class);
  }

  private static SearchIndexBackfill backfill(
      JdbcTemplate jdbc, TimelineRows rows, TestingClock clock) {
    return backfill(jdbc, rows, mock(SearchIndexReaders.class), clock);
  }

  private static SearchIndexBackfill backfill(
      JdbcTemplate jdbc, TimelineRows rows, SearchIndexReaders readers, TestingClock clock) {
    PlatformTransactionManager transactions = mock(PlatformTransactionManager.class);
    when(transactions.getTransaction(any())).thenReturn(new SimpleTransactionStatus());
    SearchIndex index = mock(SearchIndex.class);
    when(index.name()).thenReturn("clusters-v9");
    return new SearchIndexBackfill(
        jdbc,
        new OutboxQueue(rows, index, transactions, clock),
        readers,
        TestingSearchProperties.defaults(),
        clock);
  }
}
