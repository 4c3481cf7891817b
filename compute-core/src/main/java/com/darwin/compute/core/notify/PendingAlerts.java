package com.darwin.compute.core.notify;

import com.darwin.compute.core.config.AlertProperties;
import com.darwin.compute.core.store.AlertPendingRepository;
import com.darwin.compute.core.store.AlertPendingRepository.Pending;
import com.darwin.compute.core.store.AlertSentRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
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
 * cluster stopped while Slack was down is still told to its channel once Slack is back. Oldest
 * first, up to {@link #BATCH} a run, on one replica (ShedLock); a run stops at the first alert
 * Slack still does not take, the others waiting for the next. One sent meanwhile by another path
 * (the same cluster and reason) is dropped, and so is one older than {@code retry-for}, logged.
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
  private final Clock clock;

  public PendingAlerts(
      AlertPendingRepository pending,
      AlertSentRepository sent,
      SlackSender slack,
      AlertProperties properties,
      Clock clock) {
    this.pending = pending;
    this.sent = sent;
    this.slack = slack;
    this.properties = properties;
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
    List<Pending> due = pending.oldest(BATCH);
    if (due.isEmpty() || !slack.enabled()) {
      return 0;
    }
    Map<String, Instant> sentAt = new HashMap<>();
    Instant oldest = due.get(0).raisedAt();
    for (AlertSentRepository.Sent s :
        sent.sentSince(due.stream().map(Pending::clusterId).toList(), oldest.minusMillis(1))) {
      sentAt.put(s.clusterId() + "|" + s.reason(), s.sentAt());
    }
    List<Long> done = new ArrayList<>();
    List<AlertSentRepository.Sent> posted = new ArrayList<>();
    Long refused = null;
    for (Pending alert : due) {
      Instant already = sentAt.get(alert.clusterId() + "|" + alert.reason());
      if (already != null && !already.isBefore(alert.raisedAt())) {
        done.add(alert.id());
      } else if (slack.post(alert.text())) {
        done.add(alert.id());
        posted.add(new AlertSentRepository.Sent(alert.clusterId(), alert.reason(), now));
        sentAt.put(alert.clusterId() + "|" + alert.reason(), now);
      } else {
        refused = alert.id();
        break;
      }
    }
    sent.recordSent(posted);
    pending.remove(done);
    if (refused != null) {
      pending.attempted(List.of(refused));
    }
    return posted.size();
  }
}
