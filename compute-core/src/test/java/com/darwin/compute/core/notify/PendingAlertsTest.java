package com.darwin.compute.core.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.darwin.compute.core.store.AlertPendingRepository;
import com.darwin.compute.core.store.AlertPendingRepository.Pending;
import com.darwin.compute.core.store.AlertSentRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;
import org.springframework.dao.QueryTimeoutException;

class PendingAlertsTest {

  private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

  private final AlertPendingRepository pending = mock(AlertPendingRepository.class);
  private final AlertSentRepository sent = mock(AlertSentRepository.class);
  private final SlackSender slack = mock(SlackSender.class);
  private final PendingAlerts job =
      new PendingAlerts(
          pending,
          sent,
          slack,
          TestingAlertProperties.defaults(),
          new PostedHere(TestingAlertProperties.defaults(), Clock.fixed(NOW, ZoneOffset.UTC)),
          Clock.fixed(NOW, ZoneOffset.UTC));

  private static Pending alert(long id, String cluster, Instant raised) {
    return new Pending(id, cluster, "TERMINATED:run", "CLUSTER TERMINATED " + cluster, raised, 1);
  }

  @Test
  void theOldestAreSentUntilSlackRefusesOneAndTheRestWait() {
    when(slack.enabled()).thenReturn(true);
    when(pending.next(PendingAlerts.BATCH))
        .thenReturn(
            List.of(
                alert(1, "a", NOW.minusSeconds(300)),
                alert(2, "b", NOW.minusSeconds(200)),
                alert(3, "c", NOW.minusSeconds(100))));
    when(slack.post("CLUSTER TERMINATED a")).thenReturn(true);
    when(slack.post("CLUSTER TERMINATED b")).thenReturn(false);

    assertThat(job.retryOnce()).isEqualTo(1);

    verify(pending).removeRaisedBefore(NOW.minus(Duration.ofHours(24)));
    // Recorded as sent before it is removed: a failure between the two leaves it to be found sent.
    InOrder order = inOrder(sent, pending);
    order
        .verify(sent)
        .recordSent(List.of(new AlertSentRepository.Sent("a", "TERMINATED:run", NOW)));
    order.verify(pending).remove(List.of(1L));
    verify(pending).attempted(List.of(2L));
    verify(pending, never()).remove(List.of(2L));
    verify(slack, never()).post("CLUSTER TERMINATED c");
  }

  @Test
  void oneSentSinceItWasRaisedIsDroppedNotSentAgain() {
    when(slack.enabled()).thenReturn(true);
    Instant raised = NOW.minusSeconds(300);
    when(pending.next(PendingAlerts.BATCH)).thenReturn(List.of(alert(1, "a", raised)));
    when(sent.sentSince(anyCollection(), any()))
        .thenReturn(
            List.of(new AlertSentRepository.Sent("a", "TERMINATED:run", raised.plusSeconds(10))));

    assertThat(job.retryOnce()).isZero();

    verify(slack, never()).post(anyString());
    verify(pending).remove(List.of(1L));
  }

  @Test
  void oneSentBeforeItWasRaisedIsSent() {
    when(slack.enabled()).thenReturn(true);
    Instant raised = NOW.minusSeconds(300);
    when(pending.next(PendingAlerts.BATCH)).thenReturn(List.of(alert(1, "a", raised)));
    when(sent.sentSince(anyCollection(), any()))
        .thenReturn(
            List.of(new AlertSentRepository.Sent("a", "TERMINATED:run", raised.minusSeconds(10))));
    when(slack.post("CLUSTER TERMINATED a")).thenReturn(true);

    assertThat(job.retryOnce()).isEqualTo(1);
    verify(pending).remove(List.of(1L));
  }

  @Test
  void nothingIsSentWhileSlackIsNotConfigured() {
    when(slack.enabled()).thenReturn(false);
    when(pending.next(PendingAlerts.BATCH)).thenReturn(List.of(alert(1, "a", NOW)));

    assertThat(job.retryOnce()).isZero();
    verify(slack, never()).post(anyString());
    verify(pending, never()).remove(anyCollection());
  }

  @Test
  void oneTakenBySlackThatCouldNotBeRecordedIsRemovedAndNeverPostedAgain() {
    when(slack.enabled()).thenReturn(true);
    Pending a = alert(1, "a", NOW.minusSeconds(300));
    Pending b = alert(2, "b", NOW.minusSeconds(200));
    when(pending.next(PendingAlerts.BATCH)).thenReturn(List.of(a, b));
    when(slack.post(anyString())).thenReturn(true);
    doThrow(new QueryTimeoutException("Lock wait timeout exceeded")).when(sent).recordSent(any());

    // The run goes on past the failed write: both posted, both removed.
    assertThat(job.retryOnce()).isEqualTo(2);
    verify(pending).remove(List.of(1L));
    verify(pending).remove(List.of(2L));

    // Were the removes lost too, the next run finds them due again: this replica knows they were
    // posted after they were raised, and removes them without posting.
    assertThat(job.retryOnce()).isZero();
    verify(slack, times(1)).post("CLUSTER TERMINATED a");
    verify(slack, times(1)).post("CLUSTER TERMINATED b");
    verify(pending, times(2)).remove(List.of(1L));
  }

  @Test
  void oneRaisedAgainAfterThisReplicaPostedItIsPosted() {
    when(slack.enabled()).thenReturn(true);
    when(slack.post(anyString())).thenReturn(true);
    when(pending.next(PendingAlerts.BATCH))
        .thenReturn(List.of(alert(1, "a", NOW.minusSeconds(300))));
    assertThat(job.retryOnce()).isOne();

    // The same reason raised after that post (the clock is still): posted.
    when(pending.next(PendingAlerts.BATCH)).thenReturn(List.of(alert(2, "a", NOW.plusMillis(1))));
    assertThat(job.retryOnce()).isOne();
    verify(slack, times(2)).post("CLUSTER TERMINATED a");
  }
}
