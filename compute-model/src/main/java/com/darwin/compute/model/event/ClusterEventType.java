package com.darwin.compute.model.event;

/**
 * Event types, named as the Python service's lifecycle events (Chronos event types) where one
 * existed, so downstream consumers keep their filters.
 */
public enum ClusterEventType {
  CLUSTER_CREATED,
  CLUSTER_START_REQUEST_RECEIVED,
  CLUSTER_STOPPED,
  CLUSTER_RESTART_REQUEST_RECEIVED,
  CLUSTER_UPDATED,
  CLUSTER_DELETED,
  HEAD_NODE_UP,
  JUPYTER_UP,
  CLUSTER_READY,
  WORKER_NODES_UP,
  WORKER_NODES_SCALED,
  WORKER_NODES_DIED,
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
  KUBERNETES_EVENT,
  /** A change refused by the access rules (who, what, from where in the message). */
  ACCESS_REFUSED,
  /** The cluster was shared, or a share changed or was removed. */
  PERMISSIONS_CHANGED
}
