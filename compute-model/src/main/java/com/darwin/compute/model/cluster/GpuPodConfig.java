package com.darwin.compute.model.cluster;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/** A GPU pod shape. It must match an entry of the configured GPU catalogue exactly. */
public record GpuPodConfig(
    @NotBlank @JsonProperty("name") String name,
    @NotNull @Positive @JsonProperty("cores") Integer cores,
    @NotNull @Positive @JsonProperty("memory") Integer memory,
    @NotNull @Positive @JsonProperty("gpu_count") Integer gpuCount,
    @NotNull @Positive @JsonProperty("g_ram_memory") Integer gRamMemory,
    @NotBlank @JsonProperty("g_ram_type") String gRamType) {}
