package com.darwin.compute.model.cluster;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** The {@code data} of {@code POST /cluster}. */
public record ClusterCreated(
    @JsonProperty("cluster_id") String clusterId,
    @JsonProperty("packages") List<Map<String, Object>> packages) {}
