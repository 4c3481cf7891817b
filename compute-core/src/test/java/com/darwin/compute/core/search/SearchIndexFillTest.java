package com.darwin.compute.core.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.doNothing;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.darwin.compute.core.search.SearchIndexFill.Stage;
import com.darwin.compute.core.store.OutboxRepository;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

/**
 * A replica waits while its index's backfill is queued and untried, and never again once settled:
 * filled, past its limit, or with the wait turned off.
 */
class SearchIndexFillTest {

  private final SearchIndex index = mock(SearchIndex.class);
  private final OutboxRepository outbox = mock(OutboxRepository.class);
  private final MovableClock clock = new MovableClock(Instant.parse("2026-12-05T06:00:00Z"));

  @BeforeEach
  void names() {
    when(index.name()).thenReturn("clusters-v4");
  }

  private SearchIndexFill fill(Duration limit) {
    return new SearchIndexFill(
        index, outbox, TestingSearchProperties.withFillWaitLimit(limit), clock);
  }

  @Test
  void waitsFromTheStartWhileTheBackfillIsUntriedThenSettlesFilled() throws IOException {
    SearchIndexFill fill = fill(Duration.ofMinutes(5));
    // Before the first check (which runs as the replica starts) nothing is known: not ready.
    assertThat(fill.progress().stage()).isEqualTo(Stage.CHECKING);
    assertThat(fill.progress().stage().waits()).isTrue();

    when(outbox.countByIndexNameAndAttempts("clusters-v4", 0)).thenReturn(2_500L, 500L, 0L);
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
    verify(outbox, times(3)).countByIndexNameAndAttempts("clusters-v4", 0);
  }

  @Test
  void theIndexIsCreatedAtTheFirstCheckSoItsBackfillStartsWithoutASearch() throws IOException {
    SearchIndexFill fill = fill(Duration.ofMinutes(5));
    when(outbox.countByIndexNameAndAttempts("clusters-v4", 0)).thenReturn(0L);

    fill.check();

    verify(index).ensureExists();
    assertThat(fill.progress().stage()).isEqualTo(Stage.FILLED);
  }

  @Test
  void unreachableElasticsearchIsNotWaitedForButAskedAgainUntilTheLimit() throws IOException {
    SearchIndexFill fill = fill(Duration.ofMinutes(5));
    doThrow(new ConnectException("refused")).doNothing().when(index).ensureExists();
    when(outbox.countByIndexNameAndAttempts("clusters-v4", 0)).thenReturn(40L);

    fill.check();
    assertThat(fill.progress().stage()).isEqualTo(Stage.UNREACHABLE);
    assertThat(fill.progress().stage().waits()).isFalse();
    verify(outbox, never()).countByIndexNameAndAttempts("clusters-v4", 0);

    // Back within the limit, and the index it now finds (or creates) is filling.
    fill.check();
    assertThat(fill.progress()).isEqualTo(new SearchIndexFill.Progress(Stage.FILLING, 40));
  }

  @Test
  void theWaitEndsAtTheLimitWhateverIsLeft() throws IOException {
    SearchIndexFill fill = fill(Duration.ofMinutes(5));
    when(outbox.countByIndexNameAndAttempts("clusters-v4", 0)).thenReturn(700L);
    fill.check();
    clock.advance(Duration.ofMinutes(4).plusSeconds(59));
    fill.check();
    assertThat(fill.progress().stage()).isEqualTo(Stage.FILLING);

    clock.advance(Duration.ofSeconds(1));
    fill.check();

    assertThat(fill.progress()).isEqualTo(new SearchIndexFill.Progress(Stage.PAST_LIMIT, 700));
    assertThat(fill.progress().stage().waits()).isFalse();
    fill.check();
    verify(outbox, times(2)).countByIndexNameAndAttempts("clusters-v4", 0);
  }

  @Test
  void aZeroLimitNeverWaitsNorAsks() throws IOException {
    SearchIndexFill fill = fill(Duration.ZERO);

    assertThat(fill.progress().stage()).isEqualTo(Stage.OFF);
    assertThat(fill.progress().stage().waits()).isFalse();
    fill.check();
    verify(index, never()).ensureExists();
    verify(outbox, never()).countByIndexNameAndAttempts("clusters-v4", 0);
  }

  @Test
  void mySqlUnreachableKeepsWhatWasLastSeen() throws IOException {
    SearchIndexFill fill = fill(Duration.ofMinutes(5));
    doNothing().when(index).ensureExists();
    when(outbox.countByIndexNameAndAttempts("clusters-v4", 0))
        .thenReturn(90L)
        .thenThrow(new DataAccessResourceFailureException("gone"))
        .thenReturn(0L);

    fill.check();
    fill.check();
    assertThat(fill.progress()).isEqualTo(new SearchIndexFill.Progress(Stage.FILLING, 90));
    fill.check();
    assertThat(fill.progress().stage()).isEqualTo(Stage.FILLED);
  }

  /** A clock the test moves. */
  private static final class MovableClock extends Clock {
    private Instant now;

    MovableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
