package com.darwin.compute.core.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.darwin.compute.core.TestingClock;
import com.darwin.compute.core.store.AlertPendingRepository;
import com.darwin.compute.core.store.AlertPendingRepository.Pending;
import com.darwin.compute.core.store.AlertSentRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.dao.QueryTimeoutException;

/** Which alerts Slack did not take are kept to be sent again. */
class AlertServiceTest {

  private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

  private final AlertSentRepository sent = mock(AlertSentRepository.class);
  private final AlertPendingRepository pending = mock(AlertPendingRepository.class);
  private final SlackSender slack = mock(SlackSender.class);
  private final TestingClock clock = new TestingClock(NOW);
  private final AlertService alerts =
      new AlertService(
          slack,
          sent,
          pending,
          TestingAlertProperties.defaults(),
          new PostedHere(TestingAlertProperties.defaults(), clock),
          clock);

  @Test
  void onlyAlertsRaisedOnceAreKeptWhenSlackRefusesThem() {
    when(slack.enabled()).thenReturn(true);
    when(slack.post(anyString())).thenReturn(false);

    assertThat(
            alerts.send(
                List.of(
                    new Alert("a", "TERMINATED:r1", "stopped"),
                    new Alert("a", "PROBE_ERROR", "probes failing", true))))
        .isZero();

    verify(pending).keep(List.of(new Pending(null, "a", "TERMINATED:r1", "stopped", NOW, 1)));
  }

  @Test
  void nothingIsKeptWhileSlackIsNotConfigured() {
    when(slack.enabled()).thenReturn(false);

    alerts.send(List.of(new Alert("a", "TERMINATED:r1", "stopped")));

    verify(pending).keep(List.of());
  }

  @Test
  void anAlertPostedThatCouldNotBeRecordedIsNotPostedAgainAndTheRefusedAreStillKept() {
    when(slack.enabled()).thenReturn(true);
    when(slack.post("probes failing")).thenReturn(true);
    when(slack.post("stopped")).thenReturn(false);
    doThrow(new QueryTimeoutException("Lock wait timeout exceeded")).when(sent).recordSent(any());

    assertThat(
            alerts.send(
                List.of(
                    new Alert("a", "PROBE_ERROR", "probes failing", true),
                    new Alert("b", "TERMINATED:r1", "stopped"))))
        .isOne();
    verify(pending).keep(List.of(new Pending(null, "b", "TERMINATED:r1", "stopped", NOW, 1)));

    // The next sweep raises it again; the table still says nothing was sent.
    when(sent.sentSince(any(), any())).thenReturn(List.of());
    assertThat(alerts.send(List.of(new Alert("a", "PROBE_ERROR", "probes failing", true))))
        .isZero();
    verify(slack, times(1)).post("probes failing");

    // Only that cluster and reason: another reason, or another cluster, is posted.
    when(slack.post("job failed")).thenReturn(true);
    when(slack.post("probes failing on c")).thenReturn(true);
    assertThat(
            alerts.send(
                List.of(
                    new Alert("a", "JOB_FAILURE:j1", "job failed"),
                    new Alert("c", "PROBE_ERROR", "probes failing on c", true))))
        .isEqualTo(2);

    // And only within the window, as the table is read.
    clock.advance(Duration.ofHours(6).minusSeconds(1));
    assertThat(alerts.send(List.of(new Alert("a", "PROBE_ERROR", "probes failing", true))))
        .isZero();
    clock.advance(Duration.ofSeconds(1));
    assertThat(alerts.send(List.of(new Alert("a", "PROBE_ERROR", "probes failing", true)))).isOne();
    verify(slack, times(2)).post("probes failing");
  }
}
