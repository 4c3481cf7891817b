package com.darwin.compute.core.render;

import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.cluster.RayParams;
import java.util.LinkedHashMap;
import java.util.Map;

/** The head group: {@code rayStartParams} from the request, the head pod template. */
final class HeadGroupBuilder {

  static final int DEFAULT_OBJECT_STORE_PERCENT = 25;

  private HeadGroupBuilder() {}

  static HeadGroup build(RenderInput input, RayPodTemplate templates) {
    ClusterRequest spec = input.spec();
    NodeShape shape = NodeShape.of(spec.headNodeConfig());
    Map<String, String> params = new LinkedHashMap<>();
    params.put("dashboard-host", "0.0.0.0");
    params.put("num-cpus", Integer.toString(cpusOnHead(spec, shape)));
    // "0" unless the head is a GPU pod: otherwise Ray would schedule GPU tasks on a head that has
    // no GPU, or (with KubeRay's auto-detection) leave a GPU head's GPUs unused.
    params.put("num-gpus", Integer.toString(shape.gpus()));
    params.put(
        "object-store-memory",
        Long.toString(PodResources.objectStoreBytes(shape.memoryGb(), objectStorePercent(spec))));
    return new HeadGroup("ClusterIP", params, templates.head(shape));
  }

  /**
   * CPUs the head offers to Ray tasks: {@code cpus_on_head} when given; otherwise none when there
   * are workers (the head stays free to coordinate, as in the Python service), and all of them for
   * a head-only cluster, which would otherwise be unable to run any task.
   */
  static int cpusOnHead(ClusterRequest spec, NodeShape head) {
    RayParams rayParams = spec.advanceConfig().rayParams();
    if (rayParams != null && rayParams.cpusOnHead() != null) {
      return rayParams.cpusOnHead();
    }
    return spec.workerNodeConfigs() == null || spec.workerNodeConfigs().isEmpty()
        ? head.cores()
        : 0;
  }

  static int objectStorePercent(ClusterRequest spec) {
    RayParams rayParams = spec.advanceConfig().rayParams();
    return rayParams != null && rayParams.objectStoreMemory() != null
        ? rayParams.objectStoreMemory()
        : DEFAULT_OBJECT_STORE_PERCENT;
  }
}
