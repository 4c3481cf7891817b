package com.darwin.compute.core.notify;

import com.darwin.compute.core.config.AlertProperties;
import com.darwin.compute.core.store.AlertPendingRepository;
import com.darwin.compute.core.store.AlertSentRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Sends alerts to Slack, at most once per cluster and reason within the dedupe window. Reading and
 * recording what was sent are one query each, whatever the number of alerts. An alert raised once
 * that Slack did not take is kept, in the same way, to be sent again ({@link PendingAlerts}).
 */
@Service
public class AlertService {

  private static final Logger log = LoggerFactory.getLogger(AlertService.class);

  private final SlackSender slack;
  private final AlertSentRepository sent;
  private final AlertPendingRepository pending;
  private final AlertProperties properties;
  private final PostedHere postedHere;
  private final Clock clock;

  public AlertService(
      SlackSender slack,
      AlertSentRepository sent,
      AlertPendingRepository pending,
      AlertProperties properties,
      PostedHere postedHere,
      Clock clock) {
    this.slack = slack;
    this.sent = sent;
    this.pending = pending;
    this.properties = properties;
    this.postedHere = postedHere;
    this.clock = clock;
  }

  /**
   * @return how many alerts were posted
   */
  public int send(List<Alert> alerts) {
    if (alerts.isEmpty()) {
      return 0;
    }
    Instant now = clock.instant();
    Set<String> ids = new HashSet<>();
    alerts.forEach(a -> ids.add(a.clusterId()));
    Set<String> recent = new HashSet<>();
    for (AlertSentRepository.Sent s : sent.sentSince(ids, now.minus(properties.dedupeWindow()))) {
      recent.add(s.clusterId() + "|" + s.reason());
    }
    List<AlertSentRepository.Sent> posted = new ArrayList<>();
    List<AlertPendingRepository.Pending> refused = new ArrayList<>();
    for (Alert alert : alerts) {
      String key = alert.clusterId() + "|" + alert.dedupeKey();
      if (!recent.add(key) || postedHere.lastPosted(alert.clusterId(), alert.dedupeKey()) != null) {
        continue;
      }
      if (slack.post(alert.text())) {
        postedHere.posted(alert.clusterId(), alert.dedupeKey(), now);
        posted.add(new AlertSentRepository.Sent(alert.clusterId(), alert.dedupeKey(), now));
      } else if (slack.enabled() && !alert.raisedWhileItLasts()) {
        refused.add(
            new AlertPendingRepository.Pending(
                null, alert.clusterId(), alert.dedupeKey(), alert.text(), now, 1));
      }
    }
    try {
      sent.recordSent(posted);
    } catch (RuntimeException e) {
      // Known here as posted (PostedHere), so not posted again by this replica; the refused ones
      // below must still be kept.
      log.warn("{} alerts posted could not be recorded as sent: {}", posted.size(), e.toString());
    }
    pending.keep(refused);
    return posted.size();
  }
}
