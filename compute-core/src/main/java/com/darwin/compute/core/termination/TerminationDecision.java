package com.darwin.compute.core.termination;

import com.darwin.compute.core.store.ClusterEntity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the auto-termination sweep decides, without probing or writing anything: what a cluster's
 * checks say of it, which rows a sweep writes, which clusters it stops and which failing probes it
 * alerts. {@link AutoTerminationSweep} does the I/O around these.
 */
final class TerminationDecision {

  /** The {@code inactive_time} of a cluster that is never auto-terminated. */
  static final int NEVER = -1;

  /** The rows one sweep writes: clusters found in use, probe streaks that start or end. */
  record Writes(List<String> inUse, List<String> startFailing, List<String> recovered) {}

  private TerminationDecision() {}

  /** Whether a cluster is looked at at all (one that is never stopped is not even probed). */
  static boolean watched(ClusterEntity cluster) {
    return cluster.getInactiveTime() != NEVER;
  }

  /**
   * In use as soon as one check says so (the later checks are not asked); unknown when a check
   * failed and none said so, because a dashboard that does not answer proves nothing; idle only
   * when every check answered and none saw use (so a cluster with no enabled policy is idle).
   */
  static Activity activity(List<IdlenessCheck> checks, IdlenessCheck.Endpoints where, Instant now) {
    String failure = null;
    for (IdlenessCheck check : checks) {
      try {
        String reason = check.inUse(where, now);
        if (reason != null) {
          return Activity.inUse(reason);
        }
      } catch (Exception e) {
        failure = e.getMessage() == null ? e.toString() : e.getMessage();
      }
    }
    return failure == null ? Activity.idle() : Activity.unknown(failure);
  }

  /** Idle for its whole {@code inactive_time} (in minutes), counting the last minute itself. */
  static boolean idleTooLong(Instant lastUsedAt, int inactiveMinutes, Instant now) {
    return inactiveMinutes != NEVER
        && !lastUsedAt.plus(Duration.ofMinutes(inactiveMinutes)).isAfter(now);
  }

  /** Stopped by this sweep: seen idle now, and unused for its {@code inactive_time}. */
  static boolean stops(ClusterEntity cluster, Activity activity, Instant now) {
    return activity.state() == Activity.State.IDLE
        && idleTooLong(cluster.getLastUsedAt(), cluster.getInactiveTime(), now);
  }

  /**
   * A failing streak starts (and is alerted, once) when probes fail for the first time in a row.
   */
  static boolean startsFailing(ClusterEntity cluster, Activity activity) {
    return activity.state() == Activity.State.UNKNOWN && cluster.getProbeFailingSince() == null;
  }

  /** Only what changes is written: streaks that start or end, and clusters found in use. */
  static Writes writes(Map<ClusterEntity, Activity> verdicts) {
    List<String> inUse = new ArrayList<>();
    List<String> startFailing = new ArrayList<>();
    List<String> recovered = new ArrayList<>();
    verdicts.forEach(
        (cluster, activity) -> {
          if (activity.state() == Activity.State.IN_USE) {
            inUse.add(cluster.getClusterId());
          }
          if (startsFailing(cluster, activity)) {
            startFailing.add(cluster.getClusterId());
          } else if (activity.state() != Activity.State.UNKNOWN
              && cluster.getProbeFailingSince() != null) {
            recovered.add(cluster.getClusterId());
          }
        });
    return new Writes(inUse, startFailing, recovered);
  }
}
