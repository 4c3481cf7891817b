package com.darwin.compute.core.status;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What KubeRay says in a RayCluster's {@code .status}: its conditions, read only when they are
 * about the current spec ({@code observedGeneration == metadata.generation}). A missing {@code
 * .status} is normal right after creation.
 */
public record RayClusterConditions(
    boolean current,
    Boolean headPodReady,
    Boolean provisioned,
    Boolean replicaFailure,
    Boolean suspended,
    String message) {

  public static final RayClusterConditions ABSENT =
      new RayClusterConditions(false, null, null, null, null, null);

  @SuppressWarnings("unchecked")
  public static RayClusterConditions of(GenericKubernetesResource rayCluster) {
    if (rayCluster == null
        || !(rayCluster.getAdditionalProperties().get("status") instanceof Map<?, ?> status)) {
      return ABSENT;
    }
    Long generation = rayCluster.getMetadata().getGeneration();
    Object observed = status.get("observedGeneration");
    boolean current =
        generation == null
            || (observed instanceof Number n && Objects.equals(n.longValue(), generation));
    if (!current) {
      return new RayClusterConditions(false, null, null, null, null, null);
    }
    Boolean headReady = null;
    Boolean provisioned = null;
    Boolean replicaFailure = null;
    Boolean suspended = null;
    String message = null;
    if (status.get("conditions") instanceof List<?> conditions) {
      for (Object c : conditions) {
        Map<String, Object> condition = (Map<String, Object>) c;
        boolean isTrue = "True".equals(condition.get("status"));
        String text = condition.get("message") == null ? null : condition.get("message").toString();
        switch (String.valueOf(condition.get("type"))) {
          case "HeadPodReady" -> headReady = isTrue;
          case "RayClusterProvisioned" -> provisioned = isTrue;
          case "ReplicaFailure" -> {
            replicaFailure = isTrue;
            if (isTrue) {
              message = "KubeRay could not create pods: " + text;
            }
          }
          case "RayClusterSuspended", "RayClusterSuspending" -> {
            if (isTrue) {
              suspended = true;
              message = "Suspended by another controller (spec.suspend)";
            }
          }
          default -> {}
        }
      }
    }
    return new RayClusterConditions(
        true, headReady, provisioned, replicaFailure, suspended, message);
  }
}
