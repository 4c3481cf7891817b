package com.darwin.compute.core.termination;

import com.darwin.compute.core.cluster.ClusterService;
import com.darwin.compute.core.domain.Actor;
import com.darwin.compute.core.domain.ClusterConflictException;
import com.darwin.compute.core.domain.ClusterNotFoundException;
import com.darwin.compute.core.isolation.ClusterJobFailures;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.core.timeline.TimelineAction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;

/**
 * Stops the clusters a sweep found idle: all in one transaction (a handful of statements however
 * many they are, issue 21), or, when that fails (one of them changed meanwhile, or cannot be
 * stopped), each on its own, so that one cluster never keeps the others running.
 */
@Component
public class IdleClusterStops {

  static final Actor AUTO_TERMINATION = new Actor("Auto Termination");

  private static final Logger log = LoggerFactory.getLogger(IdleClusterStops.class);

  private final ClusterService service;
  private final ClusterJobFailures failures;

  public IdleClusterStops(ClusterService service, ClusterJobFailures failures) {
    this.service = service;
    this.failures = failures;
  }

  /**
   * Stops the clusters (by id, as the sweep read them) and answers those stopped, as the sweep read
   * them; those already stopped or gone meanwhile are left out.
   */
  public List<ClusterEntity> stop(Map<String, ClusterEntity> idle) {
    if (idle.isEmpty()) {
      return List.of();
    }
    try {
      List<ClusterEntity> stopped = new ArrayList<>();
      for (ClusterEntity done :
          service.stopAll(
              idle.keySet(),
              AUTO_TERMINATION,
              TimelineAction.AUTO_TERMINATED,
              cluster -> reason(idle.get(cluster.getClusterId())),
              current -> unchangedSinceJudged(idle.get(current.getClusterId()), current))) {
        stopped.add(idle.get(done.getClusterId()));
      }
      return stopped;
    } catch (RuntimeException together) {
      log.info(
          "Stopping {} idle clusters together failed ({}); stopping them one by one",
          idle.size(),
          together.toString());
      List<ClusterEntity> stopped = new ArrayList<>();
      for (ClusterEntity cluster : idle.values()) {
        if (failures.isolate(
            AutoTerminationSweep.JOB, cluster.getClusterId(), false, () -> stopOne(cluster))) {
          stopped.add(cluster);
        }
      }
      return stopped;
    }
  }

  private boolean stopOne(ClusterEntity cluster) {
    try {
      return !service
          .stopAll(
              List.of(cluster.getClusterId()),
              AUTO_TERMINATION,
              TimelineAction.AUTO_TERMINATED,
              current -> reason(cluster),
              current -> unchangedSinceJudged(cluster, current))
          .isEmpty();
    } catch (ClusterConflictException
        | ClusterNotFoundException
        | OptimisticLockingFailureException e) {
      // Stopped, deleted or changed meanwhile: the next sweep looks again.
      return false;
    }
  }

  /**
   * Whether the cluster's current row is still the idle cluster the sweep judged: the same run and
   * spec, not used since. The probes take seconds; a keep-alive, a job or a stop and start in that
   * time moves {@code last_used_at} or the run, and an edit in place (a longer {@code
   * inactive_time}, {@code -1}, other policies) moves the spec version: the verdict is then stale
   * (the next sweep judges again).
   */
  static boolean unchangedSinceJudged(ClusterEntity judged, ClusterEntity current) {
    return Objects.equals(judged.getActiveRunId(), current.getActiveRunId())
        && judged.getSpecVersion() == current.getSpecVersion()
        && !isAfter(current.getLastUsedAt(), judged.getLastUsedAt());
  }

  private static boolean isAfter(Instant current, Instant judged) {
    return current != null && (judged == null || current.isAfter(judged));
  }

  /** The timeline message of an auto-termination, from the cluster as the sweep judged it. */
  static String reason(ClusterEntity cluster) {
    return "Cluster terminated due to inactivity (last used "
        + cluster.getLastUsedAt()
        + ", inactive time "
        + cluster.getInactiveTime()
        + " minutes)";
  }
}
