package com.darwin.compute.model.cluster;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The {@code data} of {@code POST /cluster}. {@code cluster_name} is the name the cluster got: the
 * requested one, or a unique name derived from it when that name was taken.
 */
public record ClusterCreated(
    @JsonProperty("cluster_id") String clusterId,
    @JsonProperty("packages") List<Map<String, Object>> packages,
    @JsonProperty("cluster_name") String clusterName) {}
