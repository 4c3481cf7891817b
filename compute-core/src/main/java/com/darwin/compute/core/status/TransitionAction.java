package com.darwin.compute.core.status;

import com.darwin.compute.model.cluster.ClusterStatus;

/**
 * The actions-timeline row written for an observed transition, in the Python service's
 * vocabulary ({@code Head Node Up}, {@code Running}, {@code Worker Nodes Died}, ...).
 */
public record TransitionAction(String action, String message) {

  public static TransitionAction of(ClusterStatus from, ClusterStatus to) {
    return switch (to) {
      case HEAD_NODE_UP ->
          from == ClusterStatus.JUPYTER_UP
              ? new TransitionAction("Head Node Up", "Jupyter is down")
              : from == ClusterStatus.HEAD_NODE_DIED || from == ClusterStatus.CLUSTER_DIED
                  ? new TransitionAction("Head Node Up", "Head node is back")
                  : new TransitionAction("Head Node Up", "Head node is up and ready");
      case JUPYTER_UP -> new TransitionAction("Jupyter Up", "Jupyter is up");
      case ACTIVE ->
          switch (from) {
            case WORKER_NODES_SCALED ->
                new TransitionAction("Running", "Worker nodes are scaled down");
            case WORKER_NODES_DIED -> new TransitionAction("Running", "Worker nodes are back");
            default -> new TransitionAction("Running", "Cluster is running");
          };
      case WORKER_NODES_SCALED ->
          new TransitionAction("Worker Nodes Scaled", "More workers than the minimum are up");
      case WORKER_NODES_DIED ->
          new TransitionAction("Worker Nodes Died", "Fewer workers than the minimum are up");
      case HEAD_NODE_DIED -> new TransitionAction("Head Node Died", "Head node is down");
      case CLUSTER_DIED -> new TransitionAction("Cluster Died", "Head and workers are down");
      case CREATING -> new TransitionAction("Creating", "Waiting for the head node");
      case INACTIVE -> new TransitionAction("Cluster Inactive", "Cluster is inactive");
    };
  }
}
