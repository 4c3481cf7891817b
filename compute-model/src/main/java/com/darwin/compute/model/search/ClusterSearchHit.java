package com.darwin.compute.model.search;

import com.darwin.compute.model.cluster.UiClusterStatus;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One row of {@code POST /cluster/search}. */
public record ClusterSearchHit(
    @JsonProperty("cluster_id") String clusterId,
    @JsonProperty("name") String name,
    @JsonProperty("status") UiClusterStatus status,
    @JsonProperty("runtime") String runtime,
    @JsonProperty("tags") List<String> tags,
    @JsonProperty("labels") Map<String, String> labels,
    @JsonProperty("cpu") ResourceUsage cpu,
    @JsonProperty("memory") ResourceUsage memory,
    @JsonProperty("cost") String cost,
    @JsonProperty("created_by") String createdBy,
    @JsonProperty("created_on") Instant createdOn,
    @JsonProperty("last_used_on") Instant lastUsedOn) {

  /** Usage in percent (null while unknown) and the total configured (cores or GB). */
  public record ResourceUsage(
      @JsonProperty("usage_in_per") Double usageInPer, @JsonProperty("total") int total) {}
}
