package com.darwin.compute.core.termination;

import com.darwin.compute.core.cluster.ClusterService;
import com.darwin.compute.core.config.TimeoutProperties;
import com.darwin.compute.core.domain.Actor;
import com.darwin.compute.core.domain.DurationText;
import com.darwin.compute.core.isolation.ClusterJobFailures;
import com.darwin.compute.core.notify.Alert;
import com.darwin.compute.core.notify.AlertMessages;
import com.darwin.compute.core.notify.AlertService;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.core.store.ClusterRepository;
import com.darwin.compute.core.store.DatabaseOutage;
import com.darwin.compute.core.store.IdBatches;
import com.darwin.compute.core.timeline.TimelineAction;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Stops clusters that never came up (creation timeout) and clusters whose head and workers have
 * been gone too long (dead timeout). Stopping deletes the RayCluster, so a dead cluster's
 * Kubernetes objects are removed too (the Python service left them running). One replica runs it.
 * Which clusters are due is {@link ClusterTimeouts}.
 */
@Component
public class ClusterTimeoutJob {

  static final Actor TIMEOUT_JOB = new Actor("Timeout Job");
  static final Actor DEAD_CLUSTER_JOB = new Actor("Dead Cluster Job");

  /** The name under which this job's per-cluster failures are counted and alerted. */
  public static final String JOB = "cluster-timeouts";

  private static final Logger log = LoggerFactory.getLogger(ClusterTimeoutJob.class);
  private final ClusterRepository clusters;
  private final ClusterService service;
  private final TimeoutProperties properties;
  private final ClusterTimeouts rules;
  private final AlertService alerts;
  private final AlertMessages messages;
  private final Clock clock;
  private final ClusterJobFailures failures;

  public ClusterTimeoutJob(
      ClusterRepository clusters,
      ClusterService service,
      TimeoutProperties properties,
      AlertService alerts,
      AlertMessages messages,
      Clock clock,
      ClusterJobFailures failures) {
    this.failures = failures;
    this.clusters = clusters;
    this.service = service;
    this.properties = properties;
    this.rules = new ClusterTimeouts(properties);
    this.alerts = alerts;
    this.messages = messages;
    this.clock = clock;
  }

  @Scheduled(fixedDelayString = "${compute.timeouts.sweep-interval:1m}")
  @SchedulerLock(name = "cluster-timeouts")
  public void sweep() {
    Instant now = clock.instant();
    List<ClusterEntity> dead = new ArrayList<>();
    List<ClusterEntity> stuck = new ArrayList<>();
    for (ClusterEntity cluster : clusters.findRunningIn(ClusterTimeouts.WATCHED)) {
      rules
          .due(cluster, now)
          .ifPresent(
              timeout -> (timeout == ClusterTimeouts.Timeout.DEAD ? dead : stuck).add(cluster));
    }
    List<Alert> raised = new ArrayList<>();
    stopDue(
        dead,
        new Verdict(
            ClusterTimeouts.Timeout.DEAD,
            now,
            DEAD_CLUSTER_JOB,
            TimelineAction.CLUSTER_INACTIVE,
            "Head and workers were gone for "
                + DurationText.of(properties.dead())
                + "; stopped and its Kubernetes objects removed",
            messages::deadMarkedInactive),
        raised);
    stopDue(
        stuck,
        new Verdict(
            ClusterTimeouts.Timeout.NEVER_CAME_UP,
            now,
            TIMEOUT_JOB,
            TimelineAction.TIMED_OUT,
            "Cluster did not become active within " + DurationText.of(properties.creation()),
            subject -> messages.timedOut(subject, properties.creation())),
        raised);
    alerts.send(raised);
  }

  /**
   * Which timeout a sweep found clusters due for, at which instant it judged, and how they are
   * stopped: by whom, with which timeline entry and which alert.
   */
  private record Verdict(
      ClusterTimeouts.Timeout timeout,
      Instant at,
      Actor actor,
      TimelineAction action,
      String message,
      Function<AlertMessages.Subject, Alert> alert) {}

  /**
   * Stops the clusters due for one timeout together, a thousand at a time: one stop of each
   * thousand (a few statements however many time out at once, as when an outage of the operator
   * leaves thousands dead, with the row locks of a thousand held at most), or, when that fails (one
   * of them changed meanwhile, or cannot be stopped), each on its own, so that one cluster never
   * keeps the others running. When the database is out, the next sweep tries again.
   */
  private void stopDue(List<ClusterEntity> due, Verdict verdict, List<Alert> raised) {
    int tried = 0;
    for (List<ClusterEntity> chunk : IdBatches.of(due)) {
      int left = due.size() - tried;
      tried += chunk.size();
      if (chunk.size() == 1) {
        if (!isolatedStop(chunk.get(0), verdict, raised)) {
          warnDatabaseOut(left, verdict, null);
        }
        continue;
      }
      Map<String, ClusterEntity> judged = new LinkedHashMap<>();
      chunk.forEach(cluster -> judged.put(cluster.getClusterId(), cluster));
      List<ClusterEntity> stopped;
      try {
        stopped = stopStillDue(judged, verdict);
      } catch (RuntimeException together) {
        if (DatabaseOutage.isCauseOf(together)) {
          // Each on its own would wait out the same outage once per cluster.
          warnDatabaseOut(left, verdict, together);
          return;
        }
        log.info(
            "Stopping {} clusters by {} together failed ({}); stopping them one by one",
            judged.size(),
            verdict.actor().name(),
            together.toString());
        int alone = 0;
        for (ClusterEntity cluster : judged.values()) {
          if (!isolatedStop(cluster, verdict, raised)) {
            warnDatabaseOut(left - alone, verdict, null);
            return;
          }
          alone++;
        }
        continue;
      }
      if (stopped.size() < judged.size() && log.isDebugEnabled()) {
        List<String> notStopped = new ArrayList<>(judged.keySet());
        stopped.forEach(cluster -> notStopped.remove(cluster.getClusterId()));
        log.debug(
            "{} not stopped by {}: stopped or no longer due meanwhile",
            notStopped,
            verdict.actor().name());
      }
      report(stopped, verdict, raised);
    }
  }

  /**
   * One cluster's failure is recorded and skipped; the others are still stopped. A database outage
   * is not the cluster's failure: nothing is recorded, and the answer is false (the caller stops
   * trying until the next sweep).
   */
  private boolean isolatedStop(ClusterEntity judged, Verdict verdict, List<Alert> raised) {
    return failures.isolate(
        JOB,
        judged.getClusterId(),
        true,
        () -> {
          try {
            stop(judged, verdict, raised);
            return true;
          } catch (RuntimeException e) {
            if (DatabaseOutage.isCauseOf(e)) {
              return false;
            }
            throw e;
          }
        });
  }

  private static void warnDatabaseOut(int left, Verdict verdict, RuntimeException failure) {
    log.warn(
        "{} clusters due for {} not stopped, the database is out (next sweep){}",
        left,
        verdict.actor().name(),
        failure == null ? "" : ": " + failure);
  }

  /**
   * Stops the cluster only if its current row, read in the stop's transaction, is still due for the
   * same timeout in the same run: between the sweep's read and this stop it may have become active,
   * or been stopped and started again (a new run, counted from its own start), and then the verdict
   * is stale (the next sweep judges again).
   */
  private void stop(ClusterEntity judged, Verdict verdict, List<Alert> raised) {
    String clusterId = judged.getClusterId();
    try {
      List<ClusterEntity> stopped = stopStillDue(Map.of(clusterId, judged), verdict);
      if (stopped.isEmpty()) {
        log.debug(
            "{} not stopped by {}: stopped or no longer due meanwhile",
            clusterId,
            verdict.actor().name());
      }
      report(stopped, verdict, raised);
    } catch (OptimisticLockingFailureException e) {
      // Changed by someone else meanwhile: the next sweep judges it again.
      log.debug("{} not stopped by {}: {}", clusterId, verdict.actor().name(), e.getMessage());
    }
  }

  private static void report(List<ClusterEntity> stopped, Verdict verdict, List<Alert> raised) {
    for (ClusterEntity cluster : stopped) {
      log.info("{}: {} ({})", cluster.getClusterId(), verdict.action(), verdict.message());
      raised.add(
          verdict
              .alert()
              .apply(
                  new AlertMessages.Subject(
                      cluster.getClusterId(),
                      cluster.getName(),
                      cluster.getOwner(),
                      cluster.getActiveRunId())));
    }
  }

  /**
   * Stops, in one transaction, those of the judged clusters whose current rows are still due for
   * the verdict's timeout in the same run, and returns them.
   */
  private List<ClusterEntity> stopStillDue(Map<String, ClusterEntity> judged, Verdict verdict) {
    return service.stopAll(
        List.copyOf(judged.keySet()),
        verdict.actor(),
        verdict.action(),
        current -> verdict.message(),
        current -> stillDue(judged.get(current.getClusterId()), verdict, current));
  }

  private boolean stillDue(ClusterEntity judged, Verdict verdict, ClusterEntity current) {
    return Objects.equals(judged.getActiveRunId(), current.getActiveRunId())
        && rules.due(current, verdict.at()).filter(verdict.timeout()::equals).isPresent();
  }
}
