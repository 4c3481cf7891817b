package com.darwin.compute.core.cluster;

import com.darwin.compute.core.domain.Actor;
import com.darwin.compute.core.store.ClusterRepository;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes a lifecycle request that was received and then refused (or failed) on the cluster's
 * timeline, so its {@code *_REQUEST_RECEIVED} and {@code *_FAILED} events reach Chronos and {@code
 * GET /cluster/{id}/events}. Its own transaction: the refused request's transaction rolls back, the
 * record of the attempt must stay.
 */
@Component
public class LifecycleFailures {

  private final ClusterRepository clusters;
  private final ClusterTimeline timeline;

  public LifecycleFailures(ClusterRepository clusters, ClusterTimeline timeline) {
    this.clusters = clusters;
    this.timeline = timeline;
  }

  /**
   * Records the failure with its reason as the message. Nothing when the cluster is gone (a refused
   * request on a missing cluster is a 404, not a lifecycle event).
   */
  @Transactional(propagation = Propagation.REQUIRES_NEW)
  public void failed(String clusterId, LifecycleRequest request, String reason, Actor actor) {
    clusters
        .findById(clusterId)
        .ifPresent(
            cluster ->
                timeline.record(
                    clusterId,
                    // A deletion is not part of a run, as its success event is not.
                    request == LifecycleRequest.DELETE ? null : cluster.getActiveRunId(),
                    request.failure(),
                    reason,
                    actor));
  }
}
