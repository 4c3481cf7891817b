package com.darwin.compute.core.access;

import com.darwin.compute.core.cluster.ClusterTimeline;
import com.darwin.compute.core.store.ClusterRepository;
import com.darwin.compute.core.timeline.TimelineAction;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes refusals on the cluster's timeline. Its own transaction: the refused request's work is
 * rolled back (or never started), the record of the attempt must stay.
 */
@Component
public class AccessAudit {

  private final ClusterRepository clusters;
  private final ClusterTimeline timeline;

  public AccessAudit(ClusterRepository clusters, ClusterTimeline timeline) {
    this.clusters = clusters;
    this.timeline = timeline;
  }

  @Transactional(propagation = Propagation.REQUIRES_NEW)
  public void refused(String clusterId, Caller caller, String what, String why) {
    String runId = clusters.findById(clusterId).map(c -> c.getActiveRunId()).orElse(null);
    timeline.record(
        clusterId,
        runId,
        TimelineAction.REFUSED,
        "Refused: "
            + caller.actor().name()
            + " from "
            + caller.source()
            + " tried to "
            + what
            + " ("
            + why
            + ")",
        caller.actor());
  }
}
