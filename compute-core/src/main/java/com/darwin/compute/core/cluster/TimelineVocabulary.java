package com.darwin.compute.core.cluster;

import com.darwin.compute.model.event.ClusterEventType;
import com.darwin.compute.model.event.EventSeverity;
import java.util.Map;

/**
 * The event each actions-timeline entry is published as. Action names are the Python service's
 * ({@code Started}, {@code Head Node Up}, ...); event types are its Chronos event types.
 */
final class TimelineVocabulary {

  /**
   * @param requested the request event recorded just before the outcome, for actions the Python
   *     service announced as received before it carried them out; null otherwise
   */
  record Meaning(ClusterEventType type, EventSeverity severity, ClusterEventType requested) {

    Meaning(ClusterEventType type, EventSeverity severity) {
      this(type, severity, null);
    }
  }

  private static final Map<String, Meaning> BY_ACTION =
      Map.ofEntries(
          Map.entry(
              "Created",
              requested(
                  ClusterEventType.CLUSTER_CREATION_REQUEST_RECEIVED,
                  ClusterEventType.CLUSTER_CREATED)),
          Map.entry("Started", info(ClusterEventType.CLUSTER_START_REQUEST_RECEIVED)),
          Map.entry(
              "Stopped",
              requested(
                  ClusterEventType.CLUSTER_STOP_REQUEST_RECEIVED,
                  ClusterEventType.CLUSTER_STOPPED)),
          Map.entry("Restarting", info(ClusterEventType.CLUSTER_RESTART_REQUEST_RECEIVED)),
          Map.entry(
              "Updating",
              requested(
                  ClusterEventType.CLUSTER_UPDATION_REQUEST_RECEIVED,
                  ClusterEventType.CLUSTER_UPDATED)),
          Map.entry(
              "Deleted",
              requested(
                  ClusterEventType.CLUSTER_DELETION_REQUEST_RECEIVED,
                  ClusterEventType.CLUSTER_DELETED)),
          Map.entry("Head Node Up", info(ClusterEventType.HEAD_NODE_UP)),
          Map.entry("Jupyter Up", info(ClusterEventType.JUPYTER_UP)),
          Map.entry("Running", info(ClusterEventType.CLUSTER_READY)),
          Map.entry("Worker Nodes Scaled", info(ClusterEventType.WORKER_NODES_SCALED)),
          Map.entry(
              "Worker Nodes Died",
              new Meaning(ClusterEventType.WORKER_NODES_DIED, EventSeverity.WARNING)),
          Map.entry(
              "Head Node Died", new Meaning(ClusterEventType.HEAD_NODE_DIED, EventSeverity.ERROR)),
          Map.entry(
              "Cluster Died", new Meaning(ClusterEventType.CLUSTER_DIED, EventSeverity.ERROR)),
          Map.entry(
              "Creating", new Meaning(ClusterEventType.CLUSTER_CREATING, EventSeverity.WARNING)),
          Map.entry("Cluster Inactive", info(ClusterEventType.CLUSTER_INACTIVE)),
          Map.entry(
              "Timed Out", new Meaning(ClusterEventType.CLUSTER_TIMEOUT, EventSeverity.WARNING)),
          Map.entry(
              ApplyFailures.START, new Meaning(ClusterEventType.APPLY_FAILED, EventSeverity.ERROR)),
          Map.entry(
              ApplyFailures.RESTART,
              new Meaning(ClusterEventType.CLUSTER_RESTART_FAILED, EventSeverity.ERROR)),
          Map.entry(
              ApplyFailures.UPDATE,
              new Meaning(ClusterEventType.CLUSTER_UPDATION_FAILED, EventSeverity.ERROR)),
          Map.entry("Applied", info(ClusterEventType.APPLY_RECOVERED)),
          Map.entry(
              LifecycleRequest.START.failedAction(),
              failed(
                  ClusterEventType.CLUSTER_START_REQUEST_RECEIVED,
                  ClusterEventType.CLUSTER_START_FAILED)),
          Map.entry(
              LifecycleRequest.STOP.failedAction(),
              failed(
                  ClusterEventType.CLUSTER_STOP_REQUEST_RECEIVED,
                  ClusterEventType.CLUSTER_STOP_FAILED)),
          Map.entry(
              LifecycleRequest.RESTART.failedAction(),
              failed(
                  ClusterEventType.CLUSTER_RESTART_REQUEST_RECEIVED,
                  ClusterEventType.CLUSTER_RESTART_FAILED)),
          Map.entry(
              LifecycleRequest.UPDATE.failedAction(),
              failed(
                  ClusterEventType.CLUSTER_UPDATION_REQUEST_RECEIVED,
                  ClusterEventType.CLUSTER_UPDATION_FAILED)),
          Map.entry(
              LifecycleRequest.DELETE.failedAction(),
              failed(
                  ClusterEventType.CLUSTER_DELETION_REQUEST_RECEIVED,
                  ClusterEventType.CLUSTER_DELETION_FAILED)),
          Map.entry("Auto Terminated", info(ClusterEventType.AUTO_TERMINATED)),
          Map.entry(
              "Runtime Deleted",
              new Meaning(ClusterEventType.RUNTIME_DELETED, EventSeverity.WARNING)),
          Map.entry("Job Submitted", info(ClusterEventType.JOB_SUBMITTED)),
          Map.entry("Job Succeeded", info(ClusterEventType.JOB_SUCCEEDED)),
          Map.entry("Job Failed", new Meaning(ClusterEventType.JOB_FAILED, EventSeverity.WARNING)),
          Map.entry("Job Stopped", info(ClusterEventType.JOB_STOPPED)),
          Map.entry("Refused", new Meaning(ClusterEventType.ACCESS_REFUSED, EventSeverity.WARNING)),
          Map.entry("Permissions Changed", info(ClusterEventType.PERMISSIONS_CHANGED)),
          Map.entry("Command Registered", info(ClusterEventType.REMOTE_COMMAND_REGISTERED)),
          Map.entry("Command Executed", info(ClusterEventType.REMOTE_COMMAND_EXECUTED)),
          Map.entry("Command Deleted", info(ClusterEventType.REMOTE_COMMAND_DELETED)));

  private TimelineVocabulary() {}

  private static Meaning info(ClusterEventType type) {
    return new Meaning(type, EventSeverity.INFO);
  }

  private static Meaning requested(ClusterEventType request, ClusterEventType outcome) {
    return new Meaning(outcome, EventSeverity.INFO, request);
  }

  /** A request refused (or failed) after being received: both events, the outcome a warning. */
  private static Meaning failed(ClusterEventType request, ClusterEventType outcome) {
    return new Meaning(outcome, EventSeverity.WARNING, request);
  }

  static Meaning of(String action) {
    Meaning meaning = BY_ACTION.get(action);
    if (meaning == null) {
      throw new IllegalArgumentException("no event type for action '" + action + "'");
    }
    return meaning;
  }
}
