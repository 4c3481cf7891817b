package com.darwin.compute.model.cluster;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/**
 * A scratch disk of a given class and size (GB) for each pod of a node group; {@code disk_size} is
 * the read shape's name for the size.
 */
public record DiskSetting(
    @NotBlank @JsonProperty("disk_type") String diskType,
    @NotNull @Positive @JsonProperty("storage_size") @JsonAlias("disk_size") Integer storageSize) {}
