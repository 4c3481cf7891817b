package com.darwin.compute.core.event;

import com.darwin.compute.model.event.ClusterEventType;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The event type Chronos's compute transformer is sent for each of our event types. Chronos accepts
 * only the names of its Compute event list (an unknown name fails its transformer), so our own
 * kinds are either mapped to the Compute event that means the same thing or not forwarded at all:
 * they stay readable in {@code GET /cluster/{id}/events}.
 */
public final class ChronosEventTypes {

  private static final Map<ClusterEventType, String> SENT_AS =
      new EnumMap<>(ClusterEventType.class);

  static {
    for (ClusterEventType same :
        new ClusterEventType[] {
          ClusterEventType.CLUSTER_CREATION_REQUEST_RECEIVED,
          ClusterEventType.CLUSTER_CREATED,
          ClusterEventType.CLUSTER_START_REQUEST_RECEIVED,
          ClusterEventType.CLUSTER_STOP_REQUEST_RECEIVED,
          ClusterEventType.CLUSTER_STOPPED,
          ClusterEventType.CLUSTER_RESTART_REQUEST_RECEIVED,
          ClusterEventType.CLUSTER_UPDATION_REQUEST_RECEIVED,
          ClusterEventType.CLUSTER_UPDATED,
          ClusterEventType.CLUSTER_DELETION_REQUEST_RECEIVED,
          ClusterEventType.CLUSTER_DELETED,
          ClusterEventType.CLUSTER_CREATION_FAILED,
          ClusterEventType.CLUSTER_DELETION_FAILED,
          ClusterEventType.CLUSTER_UPDATION_FAILED,
          ClusterEventType.CLUSTER_START_FAILED,
          ClusterEventType.CLUSTER_STOP_FAILED,
          ClusterEventType.CLUSTER_RESTART_FAILED,
          ClusterEventType.HEAD_NODE_UP,
          ClusterEventType.JUPYTER_UP,
          ClusterEventType.CLUSTER_READY,
          ClusterEventType.WORKER_NODES_UP,
          ClusterEventType.WORKER_NODES_SCALED,
          ClusterEventType.WORKER_NODES_DIED,
          ClusterEventType.HEAD_NODE_DIED,
          ClusterEventType.CLUSTER_DIED,
          ClusterEventType.CLUSTER_INACTIVE,
          ClusterEventType.CLUSTER_TIMEOUT,
          ClusterEventType.AUTO_TERMINATED
        }) {
      SENT_AS.put(same, same.name());
    }
    // Kubernetes refused what starting (or restarting, or editing) the cluster applies: the
    // Python service reported its failed deployment call the same way.
    SENT_AS.put(ClusterEventType.APPLY_FAILED, "CLUSTER_START_FAILED");
    SENT_AS.put(ClusterEventType.INVALID_SPEC, "CLUSTER_START_FAILED");
    // Not forwarded: CLUSTER_CREATING (a status walked back), JUPYTER_DOWN and
    // WORKER_NODES_SCALED_DOWN (the Python service announced neither), APPLY_RECOVERED,
    // POD_FAILED_SCHEDULING and KUBERNETES_EVENT (Chronos gets pod events from its own sources).
  }

  private ChronosEventTypes() {}

  /** The Chronos event type for a stored event type, or empty when it is not forwarded. */
  public static Optional<String> of(String storedType) {
    try {
      return Optional.ofNullable(SENT_AS.get(ClusterEventType.valueOf(storedType)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
