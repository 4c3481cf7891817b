package com.darwin.compute.model.cluster;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The backend statuses of the Python service, with their wire names. {@link #uiStatus()} gives the
 * three-way grouping the Darwin UI shows.
 */
public enum ClusterStatus {
  INACTIVE,
  CREATING,
  HEAD_NODE_UP,
  JUPYTER_UP,
  ACTIVE,
  WORKER_NODES_SCALED,
  WORKER_NODES_DIED,
  HEAD_NODE_DIED,
  CLUSTER_DIED;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static ClusterStatus fromWire(String value) {
    return valueOf(value.trim().toUpperCase(Locale.ROOT));
  }

  public UiClusterStatus uiStatus() {
    return switch (this) {
      case INACTIVE -> UiClusterStatus.INACTIVE;
      case ACTIVE, WORKER_NODES_SCALED, WORKER_NODES_DIED -> UiClusterStatus.ACTIVE;
      case CREATING, HEAD_NODE_UP, JUPYTER_UP, HEAD_NODE_DIED, CLUSTER_DIED ->
          UiClusterStatus.CREATING;
    };
  }
}
