package com.darwin.compute.model.cluster;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * One worker group. The API names the pod size {@code cores_per_pods}/{@code memory_per_pods}; the
 * Darwin README documents {@code cores}/{@code memory}, so both spellings are accepted.
 */
public record WorkerNodeConfig(
    @JsonProperty("cores_per_pods") @JsonAlias("cores") Integer coresPerPods,
    @JsonProperty("memory_per_pods") @JsonAlias("memory") Integer memoryPerPods,
    @NotNull @PositiveOrZero @JsonProperty("min_pods") Integer minPods,
    @NotNull @PositiveOrZero @JsonProperty("max_pods") Integer maxPods,
    @Valid @JsonProperty("disk_setting") DiskSetting diskSetting,
    @JsonProperty("node_type") String nodeType,
    @JsonProperty("node_capacity_type") CapacityType nodeCapacityType,
    @Valid @JsonProperty("gpu_pod") GpuPodConfig gpuPod) {

  public WorkerNodeConfig {
    nodeCapacityType = nodeCapacityType == null ? CapacityType.ONDEMAND : nodeCapacityType;
  }

  public boolean isGpu() {
    return "gpu".equals(nodeType) || gpuPod != null;
  }

  public int effectiveCores() {
    return isGpu() && gpuPod != null ? gpuPod.cores() : coresPerPods == null ? 0 : coresPerPods;
  }

  public int effectiveMemory() {
    return isGpu() && gpuPod != null ? gpuPod.memory() : memoryPerPods == null ? 0 : memoryPerPods;
  }
}
