package com.darwin.compute.core.reconcile;

import com.darwin.compute.core.kube.KubernetesTarget;
import com.darwin.compute.core.kube.apply.ApplyResult;
import com.darwin.compute.core.kube.apply.ObjectApplier;
import com.darwin.compute.core.kube.apply.ObjectKind;
import com.darwin.compute.core.render.RenderedCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import org.springframework.stereotype.Component;

/**
 * A cluster's objects, in the order its pods need them, through the one {@link ObjectApplier}:
 * workspace claims (created when missing, never updated, never owned, never deleted), then the
 * ConfigMaps the pods mount (owned by the RayCluster once it exists, so Kubernetes collects them
 * with it), then the RayCluster.
 */
@Component
public class ClusterObjects {

  private final ObjectApplier applier;

  public ClusterObjects(ObjectApplier applier) {
    this.applier = applier;
  }

  /**
   * @param live the RayCluster as the informer last saw it, or null when it does not exist; a
   *     RayCluster about to be (re)created gets its claims and ConfigMaps read back first, which
   *     repairs any deleted meanwhile (no informer watches them)
   * @return what was done to the RayCluster
   */
  public ApplyResult apply(
      KubernetesTarget target, RenderedCluster rendered, GenericKubernetesResource live) {
    boolean recheck = live == null;
    for (PersistentVolumeClaim claim : rendered.workspaceClaims()) {
      applier.applyUncached(target, ObjectKind.PERSISTENT_VOLUME_CLAIM, claim, recheck);
    }
    for (ConfigMap configMap : rendered.configMaps()) {
      applier.applyUncached(target, ObjectKind.CONFIG_MAP, configMap, recheck);
    }
    return applier.apply(target, ObjectKind.RAY_CLUSTER, rendered.rayCluster(), live);
  }

  /** Deletes the RayCluster; its pods and owned ConfigMaps are collected by Kubernetes. */
  public ApplyResult delete(KubernetesTarget target, GenericKubernetesResource live) {
    return applier.delete(
        target,
        ObjectKind.RAY_CLUSTER,
        live.getMetadata().getNamespace(),
        live.getMetadata().getName());
  }
}
