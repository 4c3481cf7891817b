package com.darwin.compute.core.status;

import com.darwin.compute.core.timeline.TimelineAction;
import com.darwin.compute.model.cluster.ClusterStatus;
import com.darwin.compute.model.event.ClusterEventType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The actions-timeline row written for an observed transition, in the Python service's vocabulary
 * ({@code Head Node Up}, {@code Running}, {@code Worker Nodes Died}, ...), and the event it is
 * published as. The event is the action's own except where the Python service sent another for the
 * same row: a cluster whose workers came back is {@code Running} again but announced as {@code
 * WORKER_NODES_UP}, not as a cluster that became ready.
 */
public record TransitionAction(TimelineAction action, String message, ClusterEventType event) {

  public TransitionAction(TimelineAction action, String message) {
    this(action, message, action.type());
  }

  /** The way up: a cluster passes these in order. */
  private static final List<ClusterStatus> COMING_UP =
      List.of(
          ClusterStatus.CREATING,
          ClusterStatus.HEAD_NODE_UP,
          ClusterStatus.JUPYTER_UP,
          ClusterStatus.ACTIVE);

  /** Statuses with a head that is down: the way back starts with the head. */
  private static final Set<ClusterStatus> HEAD_DOWN =
      EnumSet.of(ClusterStatus.HEAD_NODE_DIED, ClusterStatus.CLUSTER_DIED);

  /** Statuses with a head that is up. */
  private static final Set<ClusterStatus> HEAD_UP =
      EnumSet.of(
          ClusterStatus.HEAD_NODE_UP,
          ClusterStatus.JUPYTER_UP,
          ClusterStatus.ACTIVE,
          ClusterStatus.WORKER_NODES_SCALED,
          ClusterStatus.WORKER_NODES_DIED);

  /**
   * The rows for a change from {@code from} to {@code to}. Readiness can arrive together (the head,
   * Jupyter and the workers, say), so a jump records each step it passed, as the Python service's
   * walk through its status graph did: a cluster coming back from a dead head passes {@code Head
   * Node Up} and {@code Jupyter Up} first, one that comes up with more workers than its minimum (or
   * gets its lost workers back and more) passes {@code Running}, and is announced so, before it is
   * scaled. The Python walk from a dead head to {@code worker_nodes_died} also passed {@code
   * active} and announced the cluster ready before its workers were; that step is not taken here:
   * the workers' return is announced ({@code WORKER_NODES_UP}) when it happens. Any other change is
   * one row.
   */
  public static List<TransitionAction> path(ClusterStatus from, ClusterStatus to) {
    List<TransitionAction> rows = new ArrayList<>();
    ClusterStatus at = from;
    if (HEAD_DOWN.contains(from) && HEAD_UP.contains(to)) {
      rows.add(of(from, ClusterStatus.HEAD_NODE_UP));
      at = ClusterStatus.HEAD_NODE_UP;
      if (to == ClusterStatus.WORKER_NODES_DIED) {
        // Jupyter answers (the status says so) while the workers are short.
        rows.add(of(at, ClusterStatus.JUPYTER_UP));
        at = ClusterStatus.JUPYTER_UP;
      }
    }
    ClusterStatus through =
        to == ClusterStatus.WORKER_NODES_SCALED && at != ClusterStatus.ACTIVE
            ? ClusterStatus.ACTIVE
            : to;
    int start = COMING_UP.indexOf(at);
    int end = COMING_UP.indexOf(through);
    if (start >= 0 && end > start) {
      for (int i = start + 1; i <= end; i++) {
        rows.addAll(steps(COMING_UP.get(i - 1), COMING_UP.get(i)));
      }
      at = through;
    } else if (through != to && at != through) {
      rows.addAll(steps(at, through));
      at = through;
    }
    if (at != to) {
      rows.addAll(steps(at, to));
    }
    return rows;
  }

  /** The rows of one edge: readiness of the workers is two (the Python service's pair). */
  private static List<TransitionAction> steps(ClusterStatus from, ClusterStatus to) {
    if (from == ClusterStatus.JUPYTER_UP && to == ClusterStatus.ACTIVE) {
      return List.of(
          new TransitionAction(TimelineAction.WORKER_NODES_UP, "Worker nodes are up and ready"),
          of(from, to));
    }
    return List.of(of(from, to));
  }

  public static TransitionAction of(ClusterStatus from, ClusterStatus to) {
    return switch (to) {
      case HEAD_NODE_UP ->
          HEAD_UP.contains(from)
              ? new TransitionAction(
                  TimelineAction.HEAD_NODE_UP, "Jupyter is down", ClusterEventType.JUPYTER_DOWN)
              : HEAD_DOWN.contains(from)
                  ? new TransitionAction(TimelineAction.HEAD_NODE_UP, "Head node is back")
                  : new TransitionAction(TimelineAction.HEAD_NODE_UP, "Head node is up and ready");
      case JUPYTER_UP -> new TransitionAction(TimelineAction.JUPYTER_UP, "Jupyter is up");
      case ACTIVE ->
          switch (from) {
            case WORKER_NODES_SCALED ->
                new TransitionAction(
                    TimelineAction.RUNNING,
                    "Worker nodes are scaled down",
                    ClusterEventType.WORKER_NODES_SCALED_DOWN);
            case WORKER_NODES_DIED ->
                new TransitionAction(
                    TimelineAction.RUNNING,
                    "Worker nodes are back",
                    ClusterEventType.WORKER_NODES_UP);
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
