package com.darwin.compute.core.watch;

import com.darwin.compute.core.config.AlertProperties;
import com.darwin.compute.core.config.SchedulingConfiguration;
import com.darwin.compute.core.config.TerminationProperties;
import com.darwin.compute.core.isolation.ClusterJobFailures;
import com.darwin.compute.core.notify.Alert;
import com.darwin.compute.core.notify.AlertMessages;
import com.darwin.compute.core.notify.AlertService;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.core.store.ClusterRepository;
import com.darwin.compute.model.cluster.UiClusterStatus;
import com.darwin.compute.model.cost.CostEstimate;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Alerts about clusters that are running: one running longer than {@code
 * compute.alerts.long-running-after}, and one whose current run has cost more than {@code
 * compute.alerts.cost-threshold} (from the lower bound of its hourly estimate). One replica runs it
 * (ShedLock); the alert service deduplicates per cluster and reason. It follows the
 * auto-termination sweep's switch and interval unless given its own, as when both were one job.
 */
@Component
public class RunningClusterAlerts {

  /** The name under which this job's per-cluster failures are counted and alerted. */
  public static final String JOB = "running-alerts";

  private static final String INTERVAL =
      "${compute.alerts.check-interval:${compute.termination.sweep-interval:60s}}";

  private final ClusterRepository clusters;
  private final AlertService alerts;
  private final AlertMessages messages;
  private final AlertProperties properties;
  private final TerminationProperties termination;
  private final ClusterJobFailures failures;
  private final TransactionTemplate tx;
  private final Clock clock;

  public RunningClusterAlerts(
      ClusterRepository clusters,
      AlertService alerts,
      AlertMessages messages,
      AlertProperties properties,
      TerminationProperties termination,
      ClusterJobFailures failures,
      TransactionTemplate tx,
      Clock clock) {
    this.clusters = clusters;
    this.alerts = alerts;
    this.messages = messages;
    this.properties = properties;
    this.termination = termination;
    this.failures = failures;
    this.tx = tx;
    this.clock = clock;
  }

  @Scheduled(fixedDelayString = INTERVAL, initialDelayString = INTERVAL)
  // Held for the whole interval, as the idle sweep's: once per interval between all replicas.
  @SchedulerLock(
      name = "running-alerts",
      lockAtLeastFor = SchedulingConfiguration.HOLD + INTERVAL + SchedulingConfiguration.END,
      lockAtMostFor = SchedulingConfiguration.LEASE + INTERVAL + SchedulingConfiguration.END)
  public void scheduledCheck() {
    if (termination.enabled()) {
      checkOnce();
    }
  }

  /** One pass over the running clusters; returns how many alerts were sent. */
  public int checkOnce() {
    Instant now = clock.instant();
    List<ClusterEntity> running =
        tx.execute(s -> clusters.findRunningIn(UiClusterStatus.ACTIVE.backendStatuses()));
    List<Alert> raised = new ArrayList<>();
    for (ClusterEntity cluster : running) {
      raised.addAll(
          failures.isolate(JOB, cluster.getClusterId(), List.of(), () -> alertsFor(cluster, now)));
    }
    return alerts.send(raised);
  }

  private List<Alert> alertsFor(ClusterEntity cluster, Instant now) {
    List<Alert> raised = new ArrayList<>();
    if (cluster.getLastStartedAt() == null) {
      return raised;
    }
    Duration running = Duration.between(cluster.getLastStartedAt(), now);
    if (properties.longRunningAfter() != null
        && running.compareTo(properties.longRunningAfter()) > 0) {
      raised.add(messages.longRunning(subject(cluster), running));
    }
    CostEstimate estimate = cluster.getEstimatedCost();
    if (estimate != null && properties.costThreshold() != null) {
      BigDecimal hourly = BigDecimal.valueOf(estimate.minCost());
      BigDecimal cost =
          hourly
              .multiply(BigDecimal.valueOf(running.toMillis()))
              .divide(BigDecimal.valueOf(3_600_000L), 6, RoundingMode.HALF_UP);
      if (cost.compareTo(properties.costThreshold()) > 0) {
        raised.add(messages.costExceeded(subject(cluster), cost, properties.costThreshold()));
      }
    }
    return raised;
  }

  private static AlertMessages.Subject subject(ClusterEntity cluster) {
    return new AlertMessages.Subject(
        cluster.getClusterId(), cluster.getName(), cluster.getOwner(), cluster.getActiveRunId());
  }
}
