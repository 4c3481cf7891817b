package com.darwin.compute.core.status;

import com.darwin.compute.model.cluster.ClusterStatus;
import java.util.EnumSet;
import java.util.Set;

/**
 * Derives a running cluster's status from what its pods show. The rules follow the Python service's
 * poller (head, then Jupyter, then the required workers), applied to watched pods.
 */
public final class ClusterStatusDeriver {

  /** Statuses on the way up: a missing head here means "still creating", not "died". */
  private static final Set<ClusterStatus> COMING_UP =
      EnumSet.of(ClusterStatus.INACTIVE, ClusterStatus.CREATING);

  private static final Set<ClusterStatus> NOT_YET_ACTIVE =
      EnumSet.of(
          ClusterStatus.INACTIVE,
          ClusterStatus.CREATING,
          ClusterStatus.HEAD_NODE_UP,
          ClusterStatus.JUPYTER_UP);

  private ClusterStatusDeriver() {}

  /**
   * @param previous the status stored before this observation
   * @param pods what the cluster's pods show now
   * @param requiredWorkers the sum of {@code min_pods}
   */
  public static ClusterStatus derive(ClusterStatus previous, PodCensus pods, int requiredWorkers) {
    if (!pods.headReady()) {
      if (COMING_UP.contains(previous)) {
        return ClusterStatus.CREATING;
      }
      if (previous == ClusterStatus.CLUSTER_DIED) {
        return ClusterStatus.CLUSTER_DIED;
      }
      return pods.readyWorkers() == 0 && requiredWorkers > 0
          ? ClusterStatus.CLUSTER_DIED
          : ClusterStatus.HEAD_NODE_DIED;
    }
    if (!pods.jupyterReady()) {
      return ClusterStatus.HEAD_NODE_UP;
    }
    if (pods.readyWorkers() == requiredWorkers) {
      return ClusterStatus.ACTIVE;
    }
    if (pods.readyWorkers() > requiredWorkers) {
      return ClusterStatus.WORKER_NODES_SCALED;
    }
    return NOT_YET_ACTIVE.contains(previous)
        ? ClusterStatus.JUPYTER_UP
        : ClusterStatus.WORKER_NODES_DIED;
  }
}
