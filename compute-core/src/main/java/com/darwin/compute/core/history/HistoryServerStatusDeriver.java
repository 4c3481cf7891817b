package com.darwin.compute.core.history;

import com.darwin.compute.model.history.HistoryServerStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import java.util.List;

/**
 * A server's status from its Deployment as the watch sees it: {@code active} once a replica is
 * ready, {@code failed} when the Deployment gives up (progress deadline exceeded, a replica it
 * cannot create), {@code created} otherwise.
 */
final class HistoryServerStatusDeriver {

  record Observed(HistoryServerStatus status, String message) {}

  private HistoryServerStatusDeriver() {}

  static Observed of(Deployment deployment) {
    var status = deployment.getStatus();
    if (status == null) {
      return new Observed(HistoryServerStatus.CREATED, null);
    }
    List<DeploymentCondition> conditions =
        status.getConditions() == null ? List.of() : status.getConditions();
    for (DeploymentCondition c : conditions) {
      boolean gaveUp =
          ("Progressing".equals(c.getType())
                  && "False".equals(c.getStatus())
                  && "ProgressDeadlineExceeded".equals(c.getReason()))
              || ("ReplicaFailure".equals(c.getType()) && "True".equals(c.getStatus()));
      if (gaveUp) {
        return new Observed(
            HistoryServerStatus.FAILED,
            c.getReason() + (c.getMessage() == null ? "" : ": " + c.getMessage()));
      }
    }
    Integer ready = status.getReadyReplicas();
    return ready != null && ready > 0
        ? new Observed(HistoryServerStatus.ACTIVE, null)
        : new Observed(HistoryServerStatus.CREATED, null);
  }
}
