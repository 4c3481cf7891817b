package com.darwin.compute.core.cluster;

import com.darwin.compute.core.render.WorkerGroupBuilder;
import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.cluster.WorkerNodeConfig;
import java.util.List;
import java.util.Objects;

/**
 * Classifies an edit: does it change what pods run, or only how many? Counts alone are applied in
 * place, unless they turn the Ray autoscaler on or off: that changes the head pod (its autoscaler
 * sidecar, which KubeRay adds only when it creates the head).
 */
final class SpecChanges {

  private SpecChanges() {}

  static boolean needsRestart(ClusterRequest before, ClusterRequest after) {
    if (!Objects.equals(before.runtime(), after.runtime())
        || !Objects.equals(before.headNodeConfig(), after.headNodeConfig())
        || !Objects.equals(before.advanceConfig(), after.advanceConfig())
        || !Objects.equals(before.labels(), after.labels())
        || !Objects.equals(before.clusterName(), after.clusterName())
        || WorkerGroupBuilder.autoscaling(before) != WorkerGroupBuilder.autoscaling(after)) {
      return true;
    }
    List<WorkerNodeConfig> a = before.workerNodeConfigs();
    List<WorkerNodeConfig> b = after.workerNodeConfigs();
    if (a.size() != b.size()) {
      return true;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!Objects.equals(withoutCounts(a.get(i)), withoutCounts(b.get(i)))) {
        return true;
      }
    }
    return false;
  }

  private static WorkerNodeConfig withoutCounts(WorkerNodeConfig w) {
    return new WorkerNodeConfig(
        w.coresPerPods(),
        w.memoryPerPods(),
        0,
        0,
        w.diskSetting(),
        w.nodeType(),
        w.nodeCapacityType(),
        w.gpuPod());
  }
}
