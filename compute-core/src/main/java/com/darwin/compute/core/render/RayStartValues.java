package com.darwin.compute.core.render;

import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.cluster.RayParams;

/**
 * What Ray is started with on the head, as rendering decides it from the request: read by the
 * renderer and by the cluster view ({@code advance_config.ray_start_params}), so both say the same.
 */
public final class RayStartValues {

  public static final int DEFAULT_OBJECT_STORE_PERCENT = 25;

  private RayStartValues() {}

  /** Percent of each pod's memory given to Ray's object store. */
  public static int objectStorePercent(ClusterRequest spec) {
    RayParams rayParams = spec.advanceConfig().rayParams();
    return rayParams != null && rayParams.objectStoreMemory() != null
        ? rayParams.objectStoreMemory()
        : DEFAULT_OBJECT_STORE_PERCENT;
  }

  /**
   * CPUs the head offers to Ray tasks: {@code cpus_on_head} when given; otherwise none when there
   * are workers (the head stays free to coordinate, as in the Python service), and all of them for
   * a head-only cluster, which would otherwise be unable to run any task.
   */
  public static int cpusOnHead(ClusterRequest spec) {
    RayParams rayParams = spec.advanceConfig().rayParams();
    if (rayParams != null && rayParams.cpusOnHead() != null) {
      return rayParams.cpusOnHead();
    }
    return spec.workerNodeConfigs() == null || spec.workerNodeConfigs().isEmpty()
        ? NodeShape.of(spec.headNodeConfig()).cores()
        : 0;
  }

  /** GPUs the head offers: those of a GPU head's shape, none otherwise. */
  public static int gpusOnHead(ClusterRequest spec) {
    return NodeShape.of(spec.headNodeConfig()).gpus();
  }
}
