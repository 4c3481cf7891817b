package com.darwin.compute.core.render;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import java.util.ArrayList;
import java.util.List;

/**
 * Every object one cluster needs, as rendered. The head and worker groups are also kept typed, for
 * the checks of {@link KubeRayRules}.
 *
 * @param configMaps owned by the cluster: applied before the RayCluster, deleted with it
 * @param workspaceClaims created when missing, never updated, never deleted by the control plane
 */
public record RenderedCluster(
    GenericKubernetesResource rayCluster,
    HeadGroup head,
    List<WorkerGroup> workers,
    boolean autoscaling,
    List<ConfigMap> configMaps,
    List<PersistentVolumeClaim> workspaceClaims) {

  public RenderedCluster {
    workers = List.copyOf(workers);
    configMaps = List.copyOf(configMaps);
    workspaceClaims = List.copyOf(workspaceClaims);
  }

  /**
   * Every object in the order it is applied: what pods mount (claims, ConfigMaps) comes before the
   * RayCluster whose pods mount it.
   */
  public List<HasMetadata> objects() {
    List<HasMetadata> all = new ArrayList<>(workspaceClaims);
    all.addAll(configMaps);
    all.add(rayCluster);
    return all;
  }
}
