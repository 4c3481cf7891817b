package com.darwin.compute.model.cluster;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * Ray start parameters a user may set: object store size (percent of pod memory), head CPUs. The
 * read shape's {@code ray_start_params} names are accepted too; its {@code num_gpus_on_head} is not
 * a setting (a head has the GPUs of its {@code gpu_pod}) and is ignored like any unknown key.
 */
public record RayParams(
    @Min(1) @Max(93) @JsonProperty("object_store_memory") @JsonAlias("object_store_memory_perc")
        Integer objectStoreMemory,
    @Min(0) @JsonProperty("cpus_on_head") @JsonAlias("num_cpus_on_head") Integer cpusOnHead) {}
