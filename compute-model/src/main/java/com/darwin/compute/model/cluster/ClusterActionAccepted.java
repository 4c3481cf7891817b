package com.darwin.compute.model.cluster;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code data} of start/restart (202). Key names are the Python service's (they came from its
 * cluster manager) so existing clients keep parsing them.
 */
public record ClusterActionAccepted(
    @JsonProperty("cluster_id") String clusterId,
    @JsonProperty("ClusterName") String clusterName,
    @JsonProperty("Namespace") String namespace,
    @JsonProperty("KubeCluster") String kubeCluster) {}
