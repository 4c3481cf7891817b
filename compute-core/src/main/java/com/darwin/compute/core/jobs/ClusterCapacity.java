package com.darwin.compute.core.jobs;

import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.cluster.RayParams;
import com.darwin.compute.model.cluster.WorkerNodeConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The node groups of a cluster spec as Ray will see them. This follows what rendering gives each
 * pod's {@code rayStartParams}: the head offers {@code cpus_on_head} CPUs when set, otherwise none
 * when there are workers (it stays free to coordinate) and all its cores for a head-only cluster;
 * GPUs come from the GPU shape; the object store (25% of the pod's memory unless {@code
 * ray_params.object_store_memory} says otherwise) is not memory tasks can reserve. No group
 * declares custom resources.
 */
final class ClusterCapacity {

  private static final long GIB = 1024L * 1024 * 1024;
  private static final int DEFAULT_OBJECT_STORE_PERCENT = 25;

  private ClusterCapacity() {}

  static List<NodeCapacity> of(ClusterRequest spec) {
    RayParams params = spec.advanceConfig().rayParams();
    int objectStore =
        params != null && params.objectStoreMemory() != null
            ? params.objectStoreMemory()
            : DEFAULT_OBJECT_STORE_PERCENT;
    List<WorkerNodeConfig> workers =
        spec.workerNodeConfigs() == null ? List.of() : spec.workerNodeConfigs();
    List<NodeCapacity> nodes = new ArrayList<>();
    var head = spec.headNodeConfig();
    int headCpus =
        params != null && params.cpusOnHead() != null
            ? params.cpusOnHead()
            : workers.isEmpty() ? head.effectiveCores() : 0;
    int headGpus = head.isGpu() && head.gpuPod() != null ? head.gpuPod().gpuCount() : 0;
    nodes.add(
        new NodeCapacity(
            "head", headCpus, headGpus, taskMemory(head.effectiveMemory(), objectStore), 1, 1));
    for (int i = 0; i < workers.size(); i++) {
      WorkerNodeConfig w = workers.get(i);
      int gpus = w.isGpu() && w.gpuPod() != null ? w.gpuPod().gpuCount() : 0;
      nodes.add(
          new NodeCapacity(
              "worker group " + (i + 1),
              w.effectiveCores(),
              gpus,
              taskMemory(w.effectiveMemory(), objectStore),
              w.minPods() == null ? 0 : w.minPods(),
              w.maxPods() == null ? 0 : w.maxPods()));
    }
    return nodes;
  }

  private static long taskMemory(int memoryGb, int objectStorePercent) {
    return memoryGb * GIB * (100 - objectStorePercent) / 100;
  }
}
