package com.darwin.compute.core.reconcile;

import com.darwin.compute.core.render.ResourceNames;
import com.darwin.compute.core.status.PodCensus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;

/**
 * What Kubernetes shows of one cluster, as the informers last saw it: the RayCluster (null when it
 * does not exist) and the pods of that incarnation. The resync scan and the pass read the same
 * view.
 *
 * @param rayCluster the live RayCluster, or null
 * @param pods the pods owned by {@code rayCluster} (pods of a deleted earlier incarnation excluded)
 */
record LiveCluster(GenericKubernetesResource rayCluster, List<Pod> pods) {

  static final LiveCluster ABSENT = new LiveCluster(null, List.of());

  /** The view of {@code rayCluster} given every pod labelled with its cluster id. */
  static LiveCluster of(GenericKubernetesResource rayCluster, List<Pod> labelledPods) {
    if (rayCluster == null) {
      return ABSENT;
    }
    String uid = rayCluster.getMetadata().getUid();
    return new LiveCluster(
        rayCluster,
        labelledPods.stream()
            .filter(
                p ->
                    p.getMetadata().getOwnerReferences() == null
                        || p.getMetadata().getOwnerReferences().isEmpty()
                        || p.getMetadata().getOwnerReferences().stream()
                            .map(OwnerReference::getUid)
                            .anyMatch(u -> u == null || u.equals(uid)))
            .toList());
  }

  boolean exists() {
    return rayCluster != null;
  }

  /** Whether Kubernetes is deleting it (its deletion event wakes the reconciler). */
  boolean deleting() {
    return rayCluster != null && rayCluster.getMetadata().getDeletionTimestamp() != null;
  }

  /** The restart generation stamped on it; -1 when unreadable, 0 when absent. */
  int restartGeneration() {
    Map<String, String> annotations =
        rayCluster == null ? null : rayCluster.getMetadata().getAnnotations();
    String value =
        annotations == null ? null : annotations.get(ResourceNames.RESTART_GENERATION_ANNOTATION);
    try {
      return value == null ? 0 : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  PodCensus census() {
    return PodCensus.of(pods);
  }
}
