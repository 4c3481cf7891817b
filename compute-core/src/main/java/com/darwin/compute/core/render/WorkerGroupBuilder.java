package com.darwin.compute.core.render;

import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.cluster.WorkerNodeConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The worker groups, one per {@code worker_node_configs} entry, named {@code wg, wg1, ...}. */
public final class WorkerGroupBuilder {

  private WorkerGroupBuilder() {}

  /**
   * The Ray autoscaler runs when any group may grow beyond its minimum. KubeRay adds its sidecar
   * only when it creates the head, so an edit that turns it on or off restarts the cluster
   * (SpecChanges).
   */
  public static boolean autoscaling(ClusterRequest spec) {
    return spec.workerNodeConfigs() != null
        && spec.workerNodeConfigs().stream()
            .anyMatch(w -> w.minPods() != null && w.maxPods() != null && w.minPods() < w.maxPods());
  }

  static List<WorkerGroup> build(RenderInput input, RayPodTemplate templates) {
    ClusterRequest spec = input.spec();
    boolean autoscaling = autoscaling(spec);
    List<WorkerGroup> groups = new ArrayList<>();
    List<WorkerNodeConfig> workers =
        spec.workerNodeConfigs() == null ? List.of() : spec.workerNodeConfigs();
    for (int i = 0; i < workers.size(); i++) {
      WorkerNodeConfig worker = workers.get(i);
      NodeShape shape = NodeShape.of(worker);
      Map<String, String> params = new LinkedHashMap<>();
      if (shape.isGpu()) {
        params.put("num-gpus", Integer.toString(shape.gpus()));
      }
      params.put(
          "object-store-memory",
          Long.toString(
              PodResources.objectStoreBytes(
                  shape.memoryGb(), RayStartValues.objectStorePercent(spec))));
      groups.add(
          new WorkerGroup(
              ResourceNames.workerGroup(i),
              // With the autoscaler on, replicas (and scaleStrategy.workersToDelete) belong to
              // Ray's autoscaler: the manifest leaves them out, so applying it never fights the
              // autoscaler, with server-side apply or with update.
              autoscaling ? null : worker.minPods(),
              worker.minPods(),
              worker.maxPods(),
              1,
              params,
              templates.worker(shape)));
    }
    return groups;
  }
}
