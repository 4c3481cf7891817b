package com.darwin.compute.core.validation;

import com.darwin.compute.core.config.ClusterLimitsProperties;
import com.darwin.compute.core.config.GpuCatalogProperties;
import com.darwin.compute.core.config.GpuCatalogProperties.GpuShape;
import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.cluster.GpuPodConfig;
import com.darwin.compute.model.cluster.HeadNodeConfig;
import com.darwin.compute.model.cluster.WorkerNodeConfig;
import com.darwin.compute.model.common.FieldError;
import java.util.List;

/**
 * The head and the worker groups: cores and memory within the configured bounds, a catalogued GPU
 * shape, a known node type, at most so many groups and pods.
 */
final class NodeShapeCheck {

  private final ClusterLimitsProperties limits;
  private final GpuCatalogProperties gpus;

  NodeShapeCheck(ClusterLimitsProperties limits, GpuCatalogProperties gpus) {
    this.limits = limits;
    this.gpus = gpus;
  }

  void check(ClusterRequest request, List<FieldError> errors) {
    checkHead(request.headNodeConfig(), errors);
    checkWorkers(request.workerNodeConfigs(), errors);
  }

  private void checkHead(HeadNodeConfig head, List<FieldError> errors) {
    if (head == null) {
      return;
    }
    if (head.isGpu()) {
      checkGpu("head_node_config.gpu_pod", head.gpuPod(), errors);
    } else {
      checkSize("head_node_config", "cores", "memory", head.cores(), head.memory(), errors);
    }
    checkNodeType("head_node_config.node_type", head.nodeType(), errors);
  }

  private void checkWorkers(List<WorkerNodeConfig> workers, List<FieldError> errors) {
    if (workers == null) {
      return;
    }
    if (workers.size() > limits.maxWorkerGroups()) {
      errors.add(
          new FieldError(
              "worker_node_configs", "at most " + limits.maxWorkerGroups() + " worker groups"));
    }
    for (int i = 0; i < workers.size(); i++) {
      WorkerNodeConfig w = workers.get(i);
      if (w == null) {
        continue;
      }
      String path = "worker_node_configs[" + i + "]";
      if (w.minPods() != null && w.maxPods() != null && w.minPods() > w.maxPods()) {
        errors.add(new FieldError(path + ".min_pods", "must not be greater than max_pods"));
      }
      if (w.maxPods() != null && w.maxPods() > limits.maxPodsPerGroup()) {
        errors.add(
            new FieldError(path + ".max_pods", "must be at most " + limits.maxPodsPerGroup()));
      }
      if (w.isGpu()) {
        checkGpu(path + ".gpu_pod", w.gpuPod(), errors);
      } else {
        checkSize(
            path, "cores_per_pods", "memory_per_pods", w.coresPerPods(), w.memoryPerPods(), errors);
      }
      checkNodeType(path + ".node_type", w.nodeType(), errors);
    }
  }

  private void checkNodeType(String path, String nodeType, List<FieldError> errors) {
    if (nodeType != null
        && !List.of("general", "compute", "memory", "disk", "gpu").contains(nodeType)) {
      errors.add(new FieldError(path, "must be one of general, compute, memory, disk, gpu"));
    }
  }

  private void checkSize(
      String path,
      String coresField,
      String memoryField,
      Integer cores,
      Integer memory,
      List<FieldError> errors) {
    if (cores == null) {
      errors.add(new FieldError(path + "." + coresField, "is required"));
    } else if (cores < limits.minCores() || cores > limits.maxCores()) {
      errors.add(
          new FieldError(
              path + "." + coresField,
              "must be between " + limits.minCores() + " and " + limits.maxCores()));
    }
    if (memory == null) {
      errors.add(new FieldError(path + "." + memoryField, "is required"));
    } else if (memory < limits.minMemoryGb() || memory > limits.maxMemoryGb()) {
      errors.add(
          new FieldError(
              path + "." + memoryField,
              "must be between " + limits.minMemoryGb() + " and " + limits.maxMemoryGb() + " GB"));
    }
  }

  private void checkGpu(String path, GpuPodConfig gpu, List<FieldError> errors) {
    if (gpu == null) {
      errors.add(new FieldError(path, "is required for a GPU node"));
      return;
    }
    boolean known =
        gpus.catalogue().stream()
            .anyMatch(
                (GpuShape s) ->
                    s.name().equals(gpu.name())
                        && s.cores() == gpu.cores()
                        && s.memory() == gpu.memory()
                        && s.gpuCount() == gpu.gpuCount()
                        && s.gRamMemory() == gpu.gRamMemory()
                        && s.gRamType().equals(gpu.gRamType()));
    if (!known) {
      errors.add(
          new FieldError(path, "is not a supported GPU shape; GET /gpu-pods lists the shapes"));
    }
  }
}
