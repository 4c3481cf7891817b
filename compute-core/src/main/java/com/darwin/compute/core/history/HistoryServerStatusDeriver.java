package com.darwin.compute.core.history;

import com.darwin.compute.core.render.history.SparkHistoryServerRenderer;
import com.darwin.compute.model.history.HistoryServerStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * A server's status from its Deployment as the watch sees it: {@code active} once a replica is
 * ready, {@code failed} when the Deployment gives up (its progress deadline exceeded), {@code
 * created} otherwise; with the start its Deployment was applied for.
 */
final class HistoryServerStatusDeriver {

  /**
   * @param startedAt the start the Deployment was applied for, or null when it does not say (one
   *     applied before Deployments carried it, or an annotation edited by hand)
   */
  record Observed(HistoryServerStatus status, String message, Instant startedAt) {}

  private HistoryServerStatusDeriver() {}

  static Observed of(Deployment deployment) {
    Instant startedAt = startedAt(deployment);
    var status = deployment.getStatus();
    if (status == null) {
      return new Observed(HistoryServerStatus.CREATED, null, startedAt);
    }
    List<DeploymentCondition> conditions =
        status.getConditions() == null ? List.of() : status.getConditions();
    String notCreated = null;
    for (DeploymentCondition c : conditions) {
      // Only the progress deadline is final. A replica that cannot be created (ReplicaFailure: a
      // quota full for a moment, an admission webhook timing out) is retried by Kubernetes, which
      // clears the condition once the pod is made; failing on it deleted a server in use. Shown in
      // the status message meanwhile.
      if ("Progressing".equals(c.getType())
          && "False".equals(c.getStatus())
          && "ProgressDeadlineExceeded".equals(c.getReason())) {
        return new Observed(HistoryServerStatus.FAILED, describe(c), startedAt);
      }
      if ("ReplicaFailure".equals(c.getType()) && "True".equals(c.getStatus())) {
        notCreated = describe(c);
      }
    }
    Integer ready = status.getReadyReplicas();
    return ready != null && ready > 0
        ? new Observed(HistoryServerStatus.ACTIVE, null, startedAt)
        : new Observed(HistoryServerStatus.CREATED, notCreated, startedAt);
  }

  private static String describe(DeploymentCondition c) {
    return c.getReason() + (c.getMessage() == null ? "" : ": " + c.getMessage());
  }

  /** The start a Deployment was applied for, or null when it does not say. */
  static Instant startedAt(Deployment deployment) {
    Map<String, String> annotations = deployment.getMetadata().getAnnotations();
    String value =
        annotations == null
            ? null
            : annotations.get(SparkHistoryServerRenderer.STARTED_AT_ANNOTATION);
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
