package com.darwin.compute.model.cluster;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** {@code PUT /cluster/update-tags/{id}}: the full new tag list (it replaces the old one). */
public record ClusterTagsRequest(
    @NotNull @JsonProperty("tags") List<@NotBlank @Size(max = 63) String> tags) {}
