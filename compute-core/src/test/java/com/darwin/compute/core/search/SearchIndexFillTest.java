package com.darwin.compute.core.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.darwin.compute.core.TestingClock;
import com.darwin.compute.core.search.SearchIndexFill.Stage;
import com.darwin.compute.core.store.OutboxRepository;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

/**
 * A replica waits while its index's backfill is queued and untried (or may not be queued yet), and
 * never again once settled: filled, past its limit, Elasticsearch unreachable, or the wait off.
 */
class SearchIndexFillTest {

  private final SearchIndex index = mock(SearchIndex.class);
  private final OutboxRepository outbox = mock(OutboxRepository.class);
  private final SearchIndexBackfill backfill = mock(SearchIndexBackfill.class);
  private final TestingClock clock = new TestingClock(Instant.parse("2026-12-05T06:00:00Z"));

  @BeforeEach
  void names() {
    when(index.name()).thenReturn("clusters-v4");
  }

  private SearchIndexFill fill(Duration limit) {
    return new SearchIndexFill(
        index, backfill, outbox, TestingSearchProperties.withFillWaitLimit(limit), clock, true);
  }

  @Test
  void waitsFromTheStartWhileTheBackfillIsUntriedThenSettlesFilled() throws IOException {
    SearchIndexFill fill = fill(Duration.ofMinutes(5));
    // Before the first check (which runs as the replica starts) nothing is known: not ready.
    assertThat(fill.progress().stage()).isEqualTo(Stage.CHECKING);
    assertThat(fill.progress().stage().waits()).isTrue();

    when(outbox.countByIndexNameAndForwardedFalseAndNextAttemptAtLessThanEqual(
            eq("clusters-v4"), any()))
        .thenReturn(2_500L, 500L, 0L);
    fill.check();
    assertThat(fill.progress()).isEqualTo(new SearchIndexFill.Progress(Stage.FILLING, 2_500));
    assertThat(fill.progress().stage().waits()).isTrue();
    fill.check();
    assertThat(fill.progress()).isEqualTo(new SearchIndexFill.Progress(Stage.FILLING, 500));
    fill.check();
    assertThat(fill.progress().stage()).isEqualTo(Stage.FILLED);
    assertThat(fill.progress().stage().waits()).isFalse();

    // Settled: an index emptied later does not take the replica out again, nor is it asked.
    fill.check();
    fill.check();
    verify(index, times(1)).ensureExists();
    // The rows its indexer takes now: due within the hour that hides them from other versions.
    verify(outbox, times(3))
        .countByIndexNameAndForwardedFalseAndNextAttemptAtLessThanEqual(
            "clusters-v4", clock.instant().plus(Duration.ofHours(1)));
  }

  @Test
  void theIndexIsCreatedAtTheFirstCheckSoItsBackfillStartsWithoutASearch() throws IOException {
    SearchIndexFill fill = fill(Duration.ofMinutes(5));
    when(outbox.countByIndexNameAndForwardedFalseAndNextAttemptAtLessThanEqual(
            eq("clusters-v4"), any()))
        .thenReturn(0L);

    fill.check();

    verify(index).ensureExists();
    assertThat(fill.progress().stage()).isEqualTo(Stage.FILLED);
  }

  @Test
  void unreachableElasticsearchIsNotWaitedForNorWaitedForLaterWhenItComesBack() throws IOException {
    SearchIndexFill fill = fill(Duration.ofMinutes(5));
    when(index.ensureExists()).thenThrow(new ConnectException("refused")).thenReturn(true);
    when(outbox.countByIndexNameAndForwardedFalseAndNextAttemptAtLessThanEqual(
            eq("clusters-v4"), any()))
        .thenReturn(40L);

    fill.check();
    assertThat(fill.progress().stage()).isEqualTo(Stage.UNREACHABLE);
    assertThat(fill.progress().stage().waits()).isFalse();

    // Back, with an index to fill: a replica that was ready stays so (all those started during
    // the outage would turn unready at once otherwise).
    fill.check();
    assertThat(fill.progress().stage()).isEqualTo(Stage.UNREACHABLE);
    verify(index, times(1)).ensureExists();
    verify(outbox, never())
        .countByIndexNameAndForwardedFalseAndNextAttemptAtLessThanEqual(eq("clusters-v4"), any());
  }

  @Test
  void anIndexAnotherReplicaJustCreatedIsNotTakenForFilledBeforeItsBackfillCouldBeQueued()
      throws IOException {
    SearchIndexFill fill = fill(Duration.ofMinutes(5));
    when(index.ensureExists()).thenReturn(false);
    when(index.createdAt()).thenReturn(Optional.of(clock.instant().minusSeconds(3)));
    when(outbox.countByIndexNameAndForwardedFalseAndNextAttemptAtLessThanEqual(
            eq("clusters-v4"), any()))
        .thenReturn(0L);

    fill.check();
    assertThat(fill.progress().stage()).isEqualTo(Stage.CHECKING);
    assertThat(fill.progress().stage().waits()).isTrue();
    // Counted from when this replica found it, not from Elasticsearch's clock.
    clock.advance(Duration.ofSeconds(9));
    fill.check();
    assertThat(fill.progress().stage()).isEqualTo(Stage.CHECKING);

    clock.advance(Duration.ofSeconds(1));
    fill.check();
    assertThat(fill.progress().stage()).isEqualTo(Stage.FILLED);
    verify(index, times(1)).createdAt();
  }

  @Test
  void anIndexThisReplicaCreatedOrAnOldOneIsTrustedAtOnce() throws IOException {
    when(outbox.countByIndexNameAndForwardedFalseAndNextAttemptAtLessThanEqual(
            eq("clusters-v4"), any()))
        .thenReturn(0L);
    when(index.ensureExists()).thenReturn(true); // its backfill was queued before it returned
    SearchIndexFill created = fill(Duration.ofMinutes(5));
    created.check();
    assertThat(created.progress().stage()).isEqualTo(Stage.FILLED);
    verify(index, never()).createdAt();

    when(index.ensureExists()).thenReturn(false);
    when(index.createdAt()).thenReturn(Optional.of(clock.instant().minus(Duration.ofMinutes(1))));
    SearchIndexFill old = fill(Duration.ofMinutes(5));
    old.check();
    assertThat(old.progress().stage()).isEqualTo(Stage.FILLED);
  }

  @Test
  void theLimitHoldsEvenWhenNoCheckRuns() {
    SearchIndexFill fill = fill(Duration.ofMinutes(5));
    assertThat(fill.progress().stage().waits()).isTrue();

    clock.advance(Duration.ofMinutes(5));

    assertThat(fill.progress().stage()).isEqualTo(Stage.PAST_LIMIT);
    assertThat(fill.progress().stage().waits()).isFalse();
  }

  @Test
  void withoutAScheduleNothingIsWaitedFor() {
    SearchIndexFill fill =
        new SearchIndexFill(
            index,
            backfill,
            outbox,
            TestingSearchProperties.withFillWaitLimit(Duration.ofMinutes(5)),
            clock,
            false);

    assertThat(fill.progress().stage()).isEqualTo(Stage.OFF);
    assertThat(fill.progress().stage().waits()).isFalse();
  }

  @Test
  void theWaitEndsAtTheLimitWhateverIsLeft() throws IOException {
    SearchIndexFill fill = fill(Duration.ofMinutes(5));
    when(outbox.countByIndexNameAndForwardedFalseAndNextAttemptAtLessThanEqual(
            eq("clusters-v4"), any()))
        .thenReturn(700L);
    fill.check();
    clock.advance(Duration.ofMinutes(4).plusSeconds(59));
    fill.check();
    assertThat(fill.progress().stage()).isEqualTo(Stage.FILLING);

    clock.advance(Duration.ofSeconds(1));
    fill.check();

    assertThat(fill.progress()).isEqualTo(new SearchIndexFill.Progress(Stage.PAST_LIMIT, 700));
    assertThat(fill.progress().stage().waits()).isFalse();
    fill.check();
    verify(outbox, times(2))
        .countByIndexNameAndForwardedFalseAndNextAttemptAtLessThanEqual(eq("clusters-v4"), any());
  }

  @Test
  void aBackfillMySqlFailedKeepsTheReplicaWaitingUntilItIsQueuedOnARetry() throws IOException {
    SearchIndexFill fill = fill(Duration.ofMinutes(5));
    when(index.ensureExists()).thenReturn(true);
    // The first attempt queued one batch before MySQL went away; then the retry queued the rest.
    when(backfill.owed()).thenReturn(true, true, false);
    when(outbox.countByIndexNameAndForwardedFalseAndNextAttemptAtLessThanEqual(
            eq("clusters-v4"), any()))
        .thenReturn(1_000L, 0L, 2_500L, 0L);

    fill.check();
    assertThat(fill.progress()).isEqualTo(new SearchIndexFill.Progress(Stage.BACKFILL_OWED, 1_000));
    assertThat(fill.progress().stage().waits()).isTrue();
    // The indexer wrote what was queued: an empty outbox is not a filled index while owed.
    fill.check();
    assertThat(fill.progress()).isEqualTo(new SearchIndexFill.Progress(Stage.BACKFILL_OWED, 0));
    assertThat(fill.progress().stage().waits()).isTrue();

    fill.check();
    assertThat(fill.progress()).isEqualTo(new SearchIndexFill.Progress(Stage.FILLING, 2_500));
    fill.check();
    assertThat(fill.progress().stage()).isEqualTo(Stage.FILLED);
  }

  @Test
  void aBackfillPaidBetweenItsCheckAndTheCountIsSeenOwedOnceMore() throws IOException {
    SearchIndexFill fill = fill(Duration.ofMinutes(5));
    when(index.ensureExists()).thenReturn(true);
    // The retry commits its last batch, and the indexer drains it, while the count runs: were the
    // backfill asked after the count, an empty count and no debt would read as filled.
    AtomicBoolean paid = new AtomicBoolean();
    when(backfill.owed()).thenAnswer(asked -> !paid.get());
    when(outbox.countByIndexNameAndForwardedFalseAndNextAttemptAtLessThanEqual(
            eq("clusters-v4"), any()))
        .thenAnswer(
            counted -> {
              paid.set(true);
              return 0L;
            });

    fill.check();
    assertThat(fill.progress().stage()).isEqualTo(Stage.BACKFILL_OWED);
    fill.check();
    assertThat(fill.progress().stage()).isEqualTo(Stage.FILLED);
  }

  @Test
  void anOwedBackfillIsWaitedForNoLongerThanTheLimit() throws IOException {
    SearchIndexFill fill = fill(Duration.ofMinutes(5));
    when(index.ensureExists()).thenReturn(true);
    when(backfill.owed()).thenReturn(true);
    when(outbox.countByIndexNameAndForwardedFalseAndNextAttemptAtLessThanEqual(
            eq("clusters-v4"), any()))
        .thenReturn(0L);
    fill.check();
    assertThat(fill.progress().stage()).isEqualTo(Stage.BACKFILL_OWED);

    clock.advance(Duration.ofMinutes(5));

    assertThat(fill.progress().stage()).isEqualTo(Stage.PAST_LIMIT);
    assertThat(fill.progress().stage().waits()).isFalse();
  }

  @Test
  void aZeroLimitNeverWaitsNorAsks() throws IOException {
    SearchIndexFill fill = fill(Duration.ZERO);

    assertThat(fill.progress().stage()).isEqualTo(Stage.OFF);
    assertThat(fill.progress().stage().waits()).isFalse();
    fill.check();
    verify(index, never()).ensureExists();
    verify(outbox, never())
        .countByIndexNameAndForwardedFalseAndNextAttemptAtLessThanEqual(eq("clusters-v4"), any());
  }

  @Test
  void mySqlUnreachableKeepsWhatWasLastSeen() throws IOException {
    SearchIndexFill fill = fill(Duration.ofMinutes(5));
    when(outbox.countByIndexNameAndForwardedFalseAndNextAttemptAtLessThanEqual(
            eq("clusters-v4"), any()))
        .thenReturn(90L)
        .thenThrow(new DataAccessResourceFailureException("gone"))
        .thenReturn(0L);

    fill.check();
    fill.check();
    assertThat(fill.progress()).isEqualTo(new SearchIndexFill.Progress(Stage.FILLING, 90));
    fill.check();
    assertThat(fill.progress().stage()).isEqualTo(Stage.FILLED);
  }
}
