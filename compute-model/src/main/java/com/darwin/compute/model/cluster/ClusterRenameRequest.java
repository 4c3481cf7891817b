package com.darwin.compute.model.cluster;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** {@code PUT /cluster/update-name/{id}}: the same name rules as on create. */
public record ClusterRenameRequest(
    @NotBlank
        @Size(max = 63)
        @Pattern(
            regexp = ClusterRequest.NAME_PATTERN,
            message = "must start and end with a letter or digit and contain only [-_.A-Za-z0-9]")
        @JsonProperty("cluster_name")
        String clusterName) {}
