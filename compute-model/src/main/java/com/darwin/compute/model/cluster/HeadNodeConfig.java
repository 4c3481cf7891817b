package com.darwin.compute.model.cluster;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;

/**
 * The head pod. {@code cores}/{@code memory} (GB) are required unless {@code node_type} is {@code
 * gpu}, in which case the shape comes from {@code gpu_pod}. Limits come from configuration and are
 * checked by the service, not here. {@code head_node_cores}/{@code head_node_memory} (the read
 * shape of {@code GET /cluster/{id}}) are accepted too, so a read view can be sent back.
 */
public record HeadNodeConfig(
    @JsonProperty("cores") @JsonAlias("head_node_cores") Integer cores,
    @JsonProperty("memory") @JsonAlias("head_node_memory") Integer memory,
    @Valid @JsonProperty("disk_setting") DiskSetting diskSetting,
    @JsonProperty("node_type") String nodeType,
    @JsonProperty("node_capacity_type") CapacityType nodeCapacityType,
    @Valid @JsonProperty("gpu_pod") GpuPodConfig gpuPod) {

  public HeadNodeConfig {
    nodeCapacityType = nodeCapacityType == null ? CapacityType.ONDEMAND : nodeCapacityType;
  }

  public boolean isGpu() {
    return "gpu".equals(nodeType) || gpuPod != null;
  }

  /** Cores of one head pod, taken from the GPU shape for GPU heads. */
  public int effectiveCores() {
    return isGpu() && gpuPod != null ? gpuPod.cores() : cores == null ? 0 : cores;
  }

  /** Memory (GB) of one head pod, taken from the GPU shape for GPU heads. */
  public int effectiveMemory() {
    return isGpu() && gpuPod != null ? gpuPod.memory() : memory == null ? 0 : memory;
  }
}
