package com.darwin.compute.model.event;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code GET /cluster/{id}/resources}: usage in percent across the cluster's nodes. */
public record ResourceUsageView(
    @JsonProperty("cores_used") double coresUsed,
    @JsonProperty("memory_used") double memoryUsed,
    @JsonProperty("nodes") int nodes) {}
