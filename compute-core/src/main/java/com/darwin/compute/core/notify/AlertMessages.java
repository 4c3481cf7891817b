package com.darwin.compute.core.notify;

import com.darwin.compute.core.config.SlackProperties;
import com.darwin.compute.core.domain.DurationText;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * The texts of the alerts: the Python service's headers ({@code CLUSTER TERMINATED ENV:...}), plus
 * the owner, so whoever reads the channel knows whom to ask.
 */
@Component
public class AlertMessages {

  static final DateTimeFormatter LAST_USAGE =
      DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss", Locale.ENGLISH).withZone(ZoneOffset.UTC);

  private final String environment;

  public AlertMessages(SlackProperties properties) {
    this.environment = properties.environment();
  }

  /** Who and what an alert is about. */
  public record Subject(String clusterId, String name, String owner, String runId) {}

  public Alert terminated(Subject s, Instant lastUsed) {
    return new Alert(
        s.clusterId(),
        "TERMINATED:" + s.runId(),
        "CLUSTER TERMINATED ENV:"
            + environment
            + lines(s)
            + "\nLast Usage: "
            + LAST_USAGE.format(lastUsed)
            + " UTC");
  }

  public Alert timedOut(Subject s, Duration timeout) {
    return new Alert(
        s.clusterId(),
        "TIMED_OUT:" + s.runId(),
        "CLUSTER TIMED OUT ENV:"
            + environment
            + lines(s)
            + "\nMessage: not active within "
            + DurationText.of(timeout)
            + "; stopped");
  }

  public Alert deadMarkedInactive(Subject s) {
    return new Alert(
        s.clusterId(),
        "DEAD:" + s.runId(),
        "Dead Cluster Marked Inactive: " + environment + lines(s));
  }

  public Alert probesFailing(Subject s, String detail) {
    return new Alert(
        s.clusterId(),
        "PROBE_ERROR",
        "CLUSTER ERROR ENV:"
            + environment
            + lines(s)
            + "\nMessage: idleness checks are failing, the cluster will not be auto-terminated"
            + " until they answer: "
            + detail,
        true);
  }

  public Alert longRunning(Subject s, Duration running) {
    return new Alert(
        s.clusterId(),
        "LONG_RUNNING:" + s.runId(),
        "CLUSTER RUNNING LONG ENV:"
            + environment
            + lines(s)
            + "\nRunning for: "
            + running.toHours()
            + "h "
            + running.toMinutesPart()
            + "m",
        true);
  }

  public Alert costExceeded(Subject s, BigDecimal cost, BigDecimal threshold) {
    return new Alert(
        s.clusterId(),
        "COST:" + s.runId(),
        "CLUSTER COST ENV:"
            + environment
            + lines(s)
            + "\nCost of this run: $"
            + cost.setScale(2, RoundingMode.HALF_UP).toPlainString()
            + " (threshold $"
            + threshold.toPlainString()
            + ")",
        true);
  }

  private static String lines(Subject s) {
    return "\nCluster ID: "
        + s.clusterId()
        + "\nCluster Name: "
        + s.name()
        + "\nOwner: "
        + s.owner();
  }
}
