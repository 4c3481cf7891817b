package com.darwin.compute.model.catalogue;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** One entry of {@code GET /recently-visited}; totals count every worker group at max_pods. */
public record RecentlyVisitedCluster(
    @JsonProperty("cluster_id") String clusterId,
    @JsonProperty("cluster_name") String clusterName,
    @JsonProperty("status") String status,
    @JsonProperty("total_cores") int totalCores,
    @JsonProperty("total_memory") int totalMemory,
    @JsonProperty("last_visited") Instant lastVisited) {}
