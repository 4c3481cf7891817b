package com.darwin.compute.core.timeline;

import com.darwin.compute.model.event.ClusterEventType;
import com.darwin.compute.model.event.EventSeverity;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The actions-timeline vocabulary: each action's wire name (the Python service's, shown in the
 * timeline), the event it is published as (its Chronos event type) and that event's severity, the
 * request event recorded just before it for actions the Python service announced as received before
 * carrying them out, and whether it ends the cluster's run.
 */
public enum TimelineAction {
  CREATED(
      "Created",
      ClusterEventType.CLUSTER_CREATED,
      EventSeverity.INFO,
      ClusterEventType.CLUSTER_CREATION_REQUEST_RECEIVED,
      false),
  STARTED("Started", ClusterEventType.CLUSTER_START_REQUEST_RECEIVED),
  STOPPED(
      "Stopped",
      ClusterEventType.CLUSTER_STOPPED,
      EventSeverity.INFO,
      ClusterEventType.CLUSTER_STOP_REQUEST_RECEIVED,
      true),
  RESTARTING("Restarting", ClusterEventType.CLUSTER_RESTART_REQUEST_RECEIVED),
  UPDATING(
      "Updating",
      ClusterEventType.CLUSTER_UPDATED,
      EventSeverity.INFO,
      ClusterEventType.CLUSTER_UPDATION_REQUEST_RECEIVED,
      false),
  DELETED(
      "Deleted",
      ClusterEventType.CLUSTER_DELETED,
      EventSeverity.INFO,
      ClusterEventType.CLUSTER_DELETION_REQUEST_RECEIVED,
      false),
  HEAD_NODE_UP("Head Node Up", ClusterEventType.HEAD_NODE_UP),
  JUPYTER_UP("Jupyter Up", ClusterEventType.JUPYTER_UP),
  WORKER_NODES_UP("Worker Nodes Up", ClusterEventType.WORKER_NODES_UP),
  RUNNING("Running", ClusterEventType.CLUSTER_READY),
  WORKER_NODES_SCALED("Worker Nodes Scaled", ClusterEventType.WORKER_NODES_SCALED),
  WORKER_NODES_DIED(
      "Worker Nodes Died", ClusterEventType.WORKER_NODES_DIED, EventSeverity.WARNING, null, false),
  HEAD_NODE_DIED(
      "Head Node Died", ClusterEventType.HEAD_NODE_DIED, EventSeverity.ERROR, null, false),
  CLUSTER_DIED("Cluster Died", ClusterEventType.CLUSTER_DIED, EventSeverity.ERROR, null, false),
  CREATING("Creating", ClusterEventType.CLUSTER_CREATING, EventSeverity.WARNING, null, false),
  CLUSTER_INACTIVE(
      "Cluster Inactive", ClusterEventType.CLUSTER_INACTIVE, EventSeverity.INFO, null, true),
  TIMED_OUT("Timed Out", ClusterEventType.CLUSTER_TIMEOUT, EventSeverity.WARNING, null, true),
  APPLY_FAILED("Apply Failed", ClusterEventType.APPLY_FAILED, EventSeverity.ERROR, null, false),
  RESTART_APPLY_FAILED(
      "Restart Apply Failed",
      ClusterEventType.CLUSTER_RESTART_FAILED,
      EventSeverity.ERROR,
      null,
      false),
  UPDATE_APPLY_FAILED(
      "Update Apply Failed",
      ClusterEventType.CLUSTER_UPDATION_FAILED,
      EventSeverity.ERROR,
      null,
      false),
  STOP_APPLY_FAILED(
      "Stop Apply Failed", ClusterEventType.CLUSTER_STOP_FAILED, EventSeverity.ERROR, null, false),
  APPLIED("Applied", ClusterEventType.APPLY_RECOVERED),
  // Kept to read the timelines of starts refused before a start of a running cluster was accepted.
  START_FAILED(
      "Start Failed",
      ClusterEventType.CLUSTER_START_FAILED,
      EventSeverity.WARNING,
      ClusterEventType.CLUSTER_START_REQUEST_RECEIVED,
      false),
  // Kept to read the timelines of stops refused before a stop of a stopped cluster was accepted.
  STOP_FAILED(
      "Stop Failed",
      ClusterEventType.CLUSTER_STOP_FAILED,
      EventSeverity.WARNING,
      ClusterEventType.CLUSTER_STOP_REQUEST_RECEIVED,
      false),
  RESTART_FAILED(
      "Restart Failed",
      ClusterEventType.CLUSTER_RESTART_FAILED,
      EventSeverity.WARNING,
      ClusterEventType.CLUSTER_RESTART_REQUEST_RECEIVED,
      false),
  UPDATE_FAILED(
      "Update Failed",
      ClusterEventType.CLUSTER_UPDATION_FAILED,
      EventSeverity.WARNING,
      ClusterEventType.CLUSTER_UPDATION_REQUEST_RECEIVED,
      false),
  DELETE_FAILED(
      "Delete Failed",
      ClusterEventType.CLUSTER_DELETION_FAILED,
      EventSeverity.WARNING,
      ClusterEventType.CLUSTER_DELETION_REQUEST_RECEIVED,
      false),
  AUTO_TERMINATED(
      "Auto Terminated", ClusterEventType.AUTO_TERMINATED, EventSeverity.INFO, null, true),
  RUNTIME_DELETED(
      "Runtime Deleted", ClusterEventType.RUNTIME_DELETED, EventSeverity.WARNING, null, false),
  JOB_SUBMITTED("Job Submitted", ClusterEventType.JOB_SUBMITTED),
  JOB_SUCCEEDED("Job Succeeded", ClusterEventType.JOB_SUCCEEDED),
  JOB_FAILED("Job Failed", ClusterEventType.JOB_FAILED, EventSeverity.WARNING, null, false),
  JOB_STOPPED("Job Stopped", ClusterEventType.JOB_STOPPED),
  JOB_STOP_REQUESTED("Job Stop Requested", ClusterEventType.JOB_STOP_REQUESTED),
  JOB_DELETED("Job Deleted", ClusterEventType.JOB_DELETED),
  REFUSED("Refused", ClusterEventType.ACCESS_REFUSED, EventSeverity.WARNING, null, false),
  PERMISSIONS_CHANGED("Permissions Changed", ClusterEventType.PERMISSIONS_CHANGED),
  COMMAND_REGISTERED("Command Registered", ClusterEventType.REMOTE_COMMAND_REGISTERED),
  COMMAND_EXECUTED("Command Executed", ClusterEventType.REMOTE_COMMAND_EXECUTED),
  COMMAND_DELETED("Command Deleted", ClusterEventType.REMOTE_COMMAND_DELETED),
  SPARK_HISTORY_SERVER_STARTED(
      "Spark History Server Started", ClusterEventType.SPARK_HISTORY_SERVER_STARTED),
  SPARK_HISTORY_SERVER_STOPPED(
      "Spark History Server Stopped", ClusterEventType.SPARK_HISTORY_SERVER_STOPPED),
  SPARK_HISTORY_SERVER_EXPIRED(
      "Spark History Server Expired", ClusterEventType.SPARK_HISTORY_SERVER_EXPIRED);

  private static final Map<String, TimelineAction> BY_WIRE_NAME =
      Arrays.stream(values())
          .collect(Collectors.toUnmodifiableMap(TimelineAction::wireName, Function.identity()));

  private final String wireName;
  private final ClusterEventType type;
  private final EventSeverity severity;
  private final ClusterEventType requested;
  private final boolean endsRun;

  TimelineAction(String wireName, ClusterEventType type) {
    this(wireName, type, EventSeverity.INFO, null, false);
  }

  TimelineAction(
      String wireName,
      ClusterEventType type,
      EventSeverity severity,
      ClusterEventType requested,
      boolean endsRun) {
    this.wireName = wireName;
    this.type = type;
    this.severity = severity;
    this.requested = requested;
    this.endsRun = endsRun;
  }

  /** The action's name as stored and shown in the timeline. */
  public String wireName() {
    return wireName;
  }

  /** The event type the action is published as. */
  public ClusterEventType type() {
    return type;
  }

  public EventSeverity severity() {
    return severity;
  }

  /** The request event recorded just before the outcome, or null. */
  public ClusterEventType requested() {
    return requested;
  }

  /** Whether the action ends the cluster's run (its accrued cost stops there). */
  public boolean endsRun() {
    return endsRun;
  }

  /** The action with this wire name; unknown names are a programming error. */
  public static TimelineAction of(String wireName) {
    TimelineAction action = BY_WIRE_NAME.get(wireName);
    if (action == null) {
      throw new IllegalArgumentException("no event type for action '" + wireName + "'");
    }
    return action;
  }

  /** The wire names of the actions that end a run. */
  public static Set<String> runEndingWireNames() {
    return EnumSet.allOf(TimelineAction.class).stream()
        .filter(TimelineAction::endsRun)
        .map(TimelineAction::wireName)
        .collect(Collectors.toUnmodifiableSet());
  }
}
