package com.darwin.compute.core.status;

import com.darwin.compute.core.timeline.TimelineAction;
import com.darwin.compute.model.cluster.ClusterStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * The actions-timeline row written for an observed transition, in the Python service's vocabulary
 * ({@code Head Node Up}, {@code Running}, {@code Worker Nodes Died}, ...).
 */
public record TransitionAction(TimelineAction action, String message) {

  /** The way up: a cluster passes these in order. */
  private static final List<ClusterStatus> COMING_UP =
      List.of(
          ClusterStatus.CREATING,
          ClusterStatus.HEAD_NODE_UP,
          ClusterStatus.JUPYTER_UP,
          ClusterStatus.ACTIVE);

  /**
   * The rows for a change from {@code from} to {@code to}. Readiness can arrive together (Jupyter
   * and the workers, say), so a jump along the way up records each step it passed, as the Python
   * service's walk through its status graph did; any other change is one row.
   */
  public static List<TransitionAction> path(ClusterStatus from, ClusterStatus to) {
    int start = COMING_UP.indexOf(from);
    int end =
        COMING_UP.indexOf(to == ClusterStatus.WORKER_NODES_SCALED ? ClusterStatus.ACTIVE : to);
    List<TransitionAction> rows = new ArrayList<>();
    if (start >= 0 && end > start + 1) {
      for (int i = start + 1; i < end; i++) {
        rows.add(of(COMING_UP.get(i - 1), COMING_UP.get(i)));
      }
      rows.add(of(COMING_UP.get(end - 1), to));
      return rows;
    }
    rows.add(of(from, to));
    return rows;
  }

  public static TransitionAction of(ClusterStatus from, ClusterStatus to) {
    return switch (to) {
      case HEAD_NODE_UP ->
          from == ClusterStatus.JUPYTER_UP
              ? new TransitionAction(TimelineAction.HEAD_NODE_UP, "Jupyter is down")
              : from == ClusterStatus.HEAD_NODE_DIED || from == ClusterStatus.CLUSTER_DIED
                  ? new TransitionAction(TimelineAction.HEAD_NODE_UP, "Head node is back")
                  : new TransitionAction(TimelineAction.HEAD_NODE_UP, "Head node is up and ready");
      case JUPYTER_UP -> new TransitionAction(TimelineAction.JUPYTER_UP, "Jupyter is up");
      case ACTIVE ->
          switch (from) {
            case WORKER_NODES_SCALED ->
                new TransitionAction(TimelineAction.RUNNING, "Worker nodes are scaled down");
            case WORKER_NODES_DIED ->
                new TransitionAction(TimelineAction.RUNNING, "Worker nodes are back");
            default -> new TransitionAction(TimelineAction.RUNNING, "Cluster is running");
          };
      case WORKER_NODES_SCALED ->
          new TransitionAction(
              TimelineAction.WORKER_NODES_SCALED, "More workers than the minimum are up");
      case WORKER_NODES_DIED ->
          new TransitionAction(
              TimelineAction.WORKER_NODES_DIED, "Fewer workers than the minimum are up");
      case HEAD_NODE_DIED ->
          new TransitionAction(TimelineAction.HEAD_NODE_DIED, "Head node is down");
      case CLUSTER_DIED ->
          new TransitionAction(TimelineAction.CLUSTER_DIED, "Head and workers are down");
      case CREATING -> new TransitionAction(TimelineAction.CREATING, "Waiting for the head node");
      case INACTIVE -> new TransitionAction(TimelineAction.CLUSTER_INACTIVE, "Cluster is inactive");
    };
  }
}
