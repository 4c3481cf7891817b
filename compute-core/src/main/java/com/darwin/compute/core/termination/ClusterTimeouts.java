package com.darwin.compute.core.termination;

import com.darwin.compute.core.config.TimeoutProperties;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.core.store.DesiredState;
import com.darwin.compute.model.cluster.ClusterStatus;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The timeout job's decision for one stored cluster, without reading or stopping anything: a
 * cluster wanted running that has not been active for the creation timeout never came up; one whose
 * head and workers have been gone for the dead timeout is dead. Both limits are strict: a cluster
 * exactly at its limit gets one more sweep.
 */
final class ClusterTimeouts {

  /** Why a cluster is stopped by the timeout job. */
  enum Timeout {
    /** Head and workers gone for the dead timeout. */
    DEAD,
    /** Not active within the creation timeout of its start (or of the moment it stopped being). */
    NEVER_CAME_UP
  }

  /** The statuses of the UI's "creating" group: started, not yet usable. */
  static final Set<ClusterStatus> NOT_YET_UP =
      EnumSet.of(
          ClusterStatus.CREATING,
          ClusterStatus.HEAD_NODE_UP,
          ClusterStatus.JUPYTER_UP,
          ClusterStatus.HEAD_NODE_DIED);

  /** Every status the job may act on: what it reads. */
  static final Set<ClusterStatus> WATCHED = watched();

  private final TimeoutProperties limits;

  ClusterTimeouts(TimeoutProperties limits) {
    this.limits = limits;
  }

  Optional<Timeout> due(ClusterEntity cluster, Instant now) {
    if (cluster.getDesiredState() != DesiredState.RUNNING) {
      return Optional.empty();
    }
    if (cluster.getStatus() == ClusterStatus.CLUSTER_DIED
        && cluster.getStatusChangedAt().isBefore(now.minus(limits.dead()))) {
      return Optional.of(Timeout.DEAD);
    }
    Instant notActiveSince = cluster.getNotActiveSince();
    if (NOT_YET_UP.contains(cluster.getStatus())
        && notActiveSince != null
        && notActiveSince.isBefore(now.minus(limits.creation()))) {
      return Optional.of(Timeout.NEVER_CAME_UP);
    }
    return Optional.empty();
  }

  private static Set<ClusterStatus> watched() {
    Set<ClusterStatus> all = EnumSet.copyOf(NOT_YET_UP);
    all.add(ClusterStatus.CLUSTER_DIED);
    return all;
  }
}
