package com.darwin.compute.model.event;

/**
 * Event types, named as the Python service's lifecycle events (Chronos event types) where one
 * existed, so downstream consumers keep their filters. A user's create, stop, edit and delete are
 * each recorded as the request ({@code *_REQUEST_RECEIVED}) followed by its outcome, as the Python
 * service sent them; start and restart are accepted requests whose outcome is the status that
 * follows ({@code HEAD_NODE_UP} ... {@code CLUSTER_READY}).
 */
public enum ClusterEventType {
  CLUSTER_CREATION_REQUEST_RECEIVED,
  CLUSTER_CREATED,
  CLUSTER_STOP_REQUEST_RECEIVED,
  CLUSTER_UPDATION_REQUEST_RECEIVED,
  CLUSTER_DELETION_REQUEST_RECEIVED,
  CLUSTER_START_REQUEST_RECEIVED,
  CLUSTER_STOPPED,
  CLUSTER_RESTART_REQUEST_RECEIVED,
  CLUSTER_UPDATED,
  CLUSTER_DELETED,
  /** A create that failed after being received (never sent: a refused create has no cluster). */
  CLUSTER_CREATION_FAILED,
  /** A lifecycle request refused for the cluster's state, or one whose apply failed. */
  CLUSTER_DELETION_FAILED,
  CLUSTER_UPDATION_FAILED,
  CLUSTER_START_FAILED,
  CLUSTER_STOP_FAILED,
  CLUSTER_RESTART_FAILED,
  HEAD_NODE_UP,
  JUPYTER_UP,
  CLUSTER_READY,
  WORKER_NODES_UP,
  WORKER_NODES_SCALED,
  /**
   * Back to the minimum of workers after a scale-up (not forwarded: the Python service announced
   * nothing there).
   */
  WORKER_NODES_SCALED_DOWN,
  WORKER_NODES_DIED,
  /**
   * Jupyter stopped answering while the head is up (not forwarded: the Python service announced
   * nothing there).
   */
  JUPYTER_DOWN,
  HEAD_NODE_DIED,
  CLUSTER_DIED,
  CLUSTER_CREATING,
  CLUSTER_INACTIVE,
  CLUSTER_TIMEOUT,
  AUTO_TERMINATED,
  APPLY_FAILED,
  APPLY_RECOVERED,
  INVALID_SPEC,
  POD_FAILED_SCHEDULING,
  JOB_SUBMITTED,
  JOB_SUCCEEDED,
  JOB_FAILED,
  JOB_STOPPED,
  /** Someone asked Ray to stop a job (who, in the message); its end follows as JOB_STOPPED. */
  JOB_STOP_REQUESTED,
  /** Someone deleted an ended job, from Ray and from here. */
  JOB_DELETED,
  KUBERNETES_EVENT,
  /** A cluster started on a runtime deleted from the catalogue since it was chosen. */
  RUNTIME_DELETED,
  /** A change refused by the access rules (who, what, from where in the message). */
  ACCESS_REFUSED,
  /** The cluster was shared, or a share changed or was removed. */
  PERMISSIONS_CHANGED,
  /** A remote command was registered (runs on pods that start from now on), with who and what. */
  REMOTE_COMMAND_REGISTERED,
  /** A remote command was run on the cluster's pods, with who ran what. */
  REMOTE_COMMAND_EXECUTED,
  /** A remote command was removed. */
  REMOTE_COMMAND_DELETED,
  /** A Spark History Server of the cluster's event logs was started (or started again). */
  SPARK_HISTORY_SERVER_STARTED,
  /** The cluster's Spark History Server was stopped by someone. */
  SPARK_HISTORY_SERVER_STOPPED,
  /** The cluster's Spark History Server was stopped because its time to live had passed. */
  SPARK_HISTORY_SERVER_EXPIRED
}
