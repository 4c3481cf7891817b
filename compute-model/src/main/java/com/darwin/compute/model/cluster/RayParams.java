package com.darwin.compute.model.cluster;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** Ray start parameters a user may set: object store size (percent of pod memory), head CPUs. */
public record RayParams(
    @Min(1) @Max(93) @JsonProperty("object_store_memory") Integer objectStoreMemory,
    @Min(0) @JsonProperty("cpus_on_head") Integer cpusOnHead) {}
