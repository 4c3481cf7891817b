package com.darwin.compute.model.catalogue;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code POST /recently-visited}. */
public record RecentVisitRequest(
    @NotBlank @Size(max = 32) @JsonProperty("cluster_id") String clusterId) {}
