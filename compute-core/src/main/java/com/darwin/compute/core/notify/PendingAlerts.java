package com.darwin.compute.core.notify;

import com.darwin.compute.core.config.AlertProperties;
import com.darwin.compute.core.store.AlertPendingRepository;
import com.darwin.compute.core.store.AlertPendingRepository.Pending;
import com.darwin.compute.core.store.AlertSentRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sends again the alerts raised once that Slack did not take (kept by {@link AlertService}): a
 * cluster stopped while Slack was down is still told to its channel once Slack is back. The fewest
 * attempts and then the oldest first, up to {@link #BATCH} a run, on one replica (ShedLock); a run
 * stops at the first alert Slack still does not take, the others waiting for the next (that one
 * goes behind them). One sent meanwhile by another path (the same cluster and reason) is dropped,
 * and so is one older than {@code retry-for}, logged. At least once: each post is recorded as sent
 * and removed as soon as Slack takes it, and one Slack took as this replica died is posted again.
 */
@Component
public class PendingAlerts {

  static final int BATCH = 100;
  private static final String INTERVAL = "${compute.alerts.retry-interval:1m}";
  private static final Logger log = LoggerFactory.getLogger(PendingAlerts.class);

  private final AlertPendingRepository pending;
  private final AlertSentRepository sent;
  private final SlackSender slack;
  private final AlertProperties properties;
  private final PostedHere postedHere;
  private final Clock clock;

  public PendingAlerts(
      AlertPendingRepository pending,
      AlertSentRepository sent,
      SlackSender slack,
      AlertProperties properties,
      PostedHere postedHere,
      Clock clock) {
    this.pending = pending;
    this.sent = sent;
    this.slack = slack;
    this.properties = properties;
    this.postedHere = postedHere;
    this.clock = clock;
  }

  @Scheduled(fixedDelayString = INTERVAL, initialDelayString = INTERVAL)
  @SchedulerLock(name = "pending-alerts")
  public void scheduledRetry() {
    retryOnce();
  }

  /** One run; how many alerts Slack took. */
  public int retryOnce() {
    Instant now = clock.instant();
    int dropped = pending.removeRaisedBefore(now.minus(properties.retryFor()));
    if (dropped > 0) {
      log.warn(
          "Dropped {} alerts Slack did not take within {} (compute.alerts.retry-for)",
          dropped,
          properties.retryFor());
    }
    List<Pending> due = pending.next(BATCH);
    if (due.isEmpty() || !slack.enabled()) {
      return 0;
    }
    Map<String, Instant> sentAt = new HashMap<>();
    Instant oldest = due.stream().map(Pending::raisedAt).min(Instant::compareTo).orElseThrow();
    for (AlertSentRepository.Sent s :
        sent.sentSince(due.stream().map(Pending::clusterId).toList(), oldest.minusMillis(1))) {
      sentAt.put(s.clusterId() + "|" + s.reason(), s.sentAt());
    }
    int posted = 0;
    for (Pending alert : due) {
      Instant already = sentAt.get(alert.clusterId() + "|" + alert.reason());
      Instant here = postedHere.lastPosted(alert.clusterId(), alert.reason());
      if (here != null && (already == null || here.isAfter(already))) {
        already = here;
      }
      if (already != null && !already.isBefore(alert.raisedAt())) {
        pending.remove(List.of(alert.id()));
      } else if (slack.post(alert.text())) {
        posted++;
        // Recorded at once, not at the end of the run: one posted before this replica dies
        // is not posted again by the next run, nor by a sweep raising it meanwhile. In memory
        // first: if the table cannot be written, this replica still knows.
        Instant at = clock.instant();
        postedHere.posted(alert.clusterId(), alert.reason(), at);
        try {
          sent.recordSent(
              List.of(new AlertSentRepository.Sent(alert.clusterId(), alert.reason(), at)));
        } catch (RuntimeException e) {
          // This replica knows it was posted; the run goes on with the rest.
          log.warn(
              "An alert about cluster {} was posted but could not be recorded as sent: {}",
              alert.clusterId(),
              e.toString());
        }
        pending.remove(List.of(alert.id()));
      } else {
        pending.attempted(List.of(alert.id()));
        break;
      }
    }
    return posted;
  }
}
