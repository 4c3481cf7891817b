package com.darwin.compute.model.search;

import com.darwin.compute.model.cluster.UiClusterStatus;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/** One row of {@code POST /search} (v1), field names as the Python SDK reads them. */
public record SearchV1Hit(
    @JsonProperty("cluster_id") String clusterId,
    @JsonProperty("name") String name,
    @JsonProperty("tags") List<String> tags,
    @JsonProperty("status") UiClusterStatus status,
    @JsonProperty("runtime") String runtime,
    @JsonProperty("active_pod") int activePod,
    @JsonProperty("total_memory") int totalMemory,
    @JsonProperty("total_cores") int totalCores,
    @JsonProperty("jupyter_lab_link") String jupyterLabLink,
    @JsonProperty("last_used_on") Instant lastUsedOn,
    @JsonProperty("create_by") String createBy,
    @JsonProperty("created_on") Instant createdOn,
    @JsonProperty("estimated_cost") String estimatedCost) {}
