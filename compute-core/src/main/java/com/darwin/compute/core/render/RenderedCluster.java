package com.darwin.compute.core.render;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * Every object one cluster needs, as rendered. The head and worker groups are also kept typed, for
 * the checks of {@link KubeRayRules}.
 *
 * @param configMaps owned by the cluster: applied before the RayCluster, deleted with it
 * @param workspaceClaims created when missing, never updated, never deleted by the control plane
 * @param networkPolicies owned by the cluster as its ConfigMaps are: who may reach its pods (none
 *     when {@code compute.cluster-network.isolation} is off)
 */
public record RenderedCluster(
    GenericKubernetesResource rayCluster,
    HeadGroup head,
    List<WorkerGroup> workers,
    boolean autoscaling,
    List<ConfigMap> configMaps,
    List<PersistentVolumeClaim> workspaceClaims,
    List<NetworkPolicy> networkPolicies) {

  public RenderedCluster {
    workers = List.copyOf(workers);
    configMaps = List.copyOf(configMaps);
    workspaceClaims = List.copyOf(workspaceClaims);
    networkPolicies = List.copyOf(networkPolicies);
  }

  /** Without network policies (tests of other parts). */
  public RenderedCluster(
      GenericKubernetesResource rayCluster,
      HeadGroup head,
      List<WorkerGroup> workers,
      boolean autoscaling,
      List<ConfigMap> configMaps,
      List<PersistentVolumeClaim> workspaceClaims) {
    this(rayCluster, head, workers, autoscaling, configMaps, workspaceClaims, List.of());
  }

  /**
   * Every object in the order it is applied: what pods mount (claims, ConfigMaps) and who may reach
   * them come before the RayCluster whose pods they are.
   */
  public List<HasMetadata> objects() {
    List<HasMetadata> all = new ArrayList<>(workspaceClaims);
    all.addAll(configMaps);
    all.addAll(networkPolicies);
    all.add(rayCluster);
    return all;
  }
}
