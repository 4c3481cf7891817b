package com.darwin.compute.core.render;

import com.darwin.compute.model.cluster.CapacityType;
import com.darwin.compute.model.cluster.DiskSetting;
import com.darwin.compute.model.cluster.HeadNodeConfig;
import com.darwin.compute.model.cluster.WorkerNodeConfig;

/**
 * One pod of a node group as rendering needs it: size, GPUs, node type, capacity type and scratch
 * disk, whichever way the request described it (CPU sizes or a GPU catalogue shape).
 *
 * @param gpuName the GPU shape's name, null for CPU pods
 */
record NodeShape(
    int cores,
    int memoryGb,
    int gpus,
    String gpuName,
    String nodeType,
    CapacityType capacity,
    DiskSetting disk) {

  static NodeShape of(HeadNodeConfig head) {
    boolean gpu = head.isGpu() && head.gpuPod() != null;
    return new NodeShape(
        head.effectiveCores(),
        head.effectiveMemory(),
        gpu ? head.gpuPod().gpuCount() : 0,
        gpu ? head.gpuPod().name() : null,
        gpu ? "gpu" : head.nodeType(),
        head.nodeCapacityType(),
        head.diskSetting());
  }

  static NodeShape of(WorkerNodeConfig worker) {
    boolean gpu = worker.isGpu() && worker.gpuPod() != null;
    return new NodeShape(
        worker.effectiveCores(),
        worker.effectiveMemory(),
        gpu ? worker.gpuPod().gpuCount() : 0,
        gpu ? worker.gpuPod().name() : null,
        gpu ? "gpu" : worker.nodeType(),
        worker.nodeCapacityType(),
        worker.diskSetting());
  }

  boolean isGpu() {
    return gpus > 0;
  }
}
