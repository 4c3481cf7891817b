package com.darwin.compute.core.reconcile;

import com.darwin.compute.core.kube.KubernetesTarget;
import com.darwin.compute.core.kube.apply.ApplyResult;
import com.darwin.compute.core.kube.apply.ObjectApplier;
import com.darwin.compute.core.kube.apply.ObjectKind;
import com.darwin.compute.core.manifest.ClusterManifests;
import com.darwin.compute.core.render.RenderedCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import org.springframework.stereotype.Component;

/**
 * A cluster's objects through the one {@link ObjectApplier}: workspace claims (created when
 * missing, never updated, never owned, never deleted), the ConfigMaps the pods mount and the
 * NetworkPolicy that isolates them (owned by the RayCluster, so Kubernetes collects them with it)
 * and the RayCluster.
 */
@Component
public class ClusterObjects {

  private final ObjectApplier applier;

  public ClusterObjects(ObjectApplier applier) {
    this.applier = applier;
  }

  /**
   * @param rendered as {@code ClusterManifests.forApply} returns it: its RayCluster stamped with
   *     its hash, which is not computed again here
   * @param live the RayCluster as the informer last saw it, or null when it does not exist; a
   *     RayCluster (re)created gets its claims and ConfigMaps read back (or created) right after,
   *     which repairs any deleted meanwhile (no informer watches them)
   * @return what was done to the RayCluster
   */
  public ApplyResult apply(
      KubernetesTarget target, RenderedCluster rendered, GenericKubernetesResource live) {
    return applyAndGet(target, rendered, live).result();
  }

  /**
   * The same, with the RayCluster as it now is (its uid: what the ConfigMaps are owned by).
   *
   * <p>A RayCluster to create is the first request sent: its ConfigMaps are then created owned by
   * it, so each object is written once (created unowned first, a ConfigMap used to be written again
   * on the next pass to add its owner), and its workspace claims are read (created when missing)
   * after it, so the create's first request is the RayCluster itself (issue 21: the claim's read
   * used to delay it by a round trip). Its pods mount both, and the kubelet (for ConfigMaps) and
   * the scheduler (for claims) retry until they exist; they are sent right after the RayCluster,
   * long before a pod of it is scheduled. A failure after the RayCluster fails the pass, whose
   * retry reads the claims and ConfigMaps again (none of them was recorded as applied).
   */
  public ObjectApplier.Written<GenericKubernetesResource> applyAndGet(
      KubernetesTarget target, RenderedCluster rendered, GenericKubernetesResource live) {
    if (live == null) {
      ObjectApplier.Written<GenericKubernetesResource> created =
          applier.applyStampedAndGet(target, ObjectKind.RAY_CLUSTER, rendered.rayCluster(), null);
      applyClaims(target, rendered, true);
      ClusterManifests.ownDependents(rendered, created.object());
      applyConfigMaps(target, rendered, true);
      applyNetworkPolicies(target, rendered, true);
      return created;
    }
    // A RayCluster another writer changed since this replica's last write (another replica that
    // held the lease meanwhile, of another version in a rolling upgrade) says its dependents may
    // have been written by it too: they are read again, not taken as this replica left them. Its
    // ConfigMaps kept the other version's init script or Spark settings, while the RayCluster's pod
    // template carried this one's hash of them.
    boolean recheck = !applier.carriesLastWrite(target, ObjectKind.RAY_CLUSTER, live);
    applyClaims(target, rendered, recheck);
    applyConfigMaps(target, rendered, recheck);
    applyNetworkPolicies(target, rendered, recheck);
    return applier.applyStampedAndGet(target, ObjectKind.RAY_CLUSTER, rendered.rayCluster(), live);
  }

  private void applyClaims(KubernetesTarget target, RenderedCluster rendered, boolean recheck) {
    for (PersistentVolumeClaim claim : rendered.workspaceClaims()) {
      applier.applyUncached(target, ObjectKind.PERSISTENT_VOLUME_CLAIM, claim, recheck);
    }
  }

  private void applyConfigMaps(KubernetesTarget target, RenderedCluster rendered, boolean recheck) {
    for (ConfigMap configMap : rendered.configMaps()) {
      applier.applyUncached(target, ObjectKind.CONFIG_MAP, configMap, recheck);
    }
  }

  private void applyNetworkPolicies(
      KubernetesTarget target, RenderedCluster rendered, boolean recheck) {
    for (NetworkPolicy policy : rendered.networkPolicies()) {
      applier.applyUncached(target, ObjectKind.NETWORK_POLICY, policy, recheck);
    }
  }

  /** Deletes the RayCluster; its pods and owned objects are collected by Kubernetes. */
  public ApplyResult delete(KubernetesTarget target, GenericKubernetesResource live) {
    return applier.delete(
        target,
        ObjectKind.RAY_CLUSTER,
        live.getMetadata().getNamespace(),
        live.getMetadata().getName());
  }
}
