package com.darwin.compute.model.cluster;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * {@code GET /cluster/{id}/metadata}: the status row. The first fields are the Python service's
 * {@code cluster_status} columns; the rest are additions.
 */
public record ClusterMetadata(
    @JsonProperty("cluster_id") String clusterId,
    @JsonProperty("artifact_id") String artifactId,
    @JsonProperty("status") ClusterStatus status,
    @JsonProperty("active_pods") int activePods,
    @JsonProperty("available_memory") int availableMemory,
    @JsonProperty("active_cluster_runid") String activeClusterRunid,
    @JsonProperty("cluster_name") String clusterName,
    @JsonProperty("last_updated_at") Instant lastUpdatedAt,
    @JsonProperty("last_used_at") Instant lastUsedAt,
    @JsonProperty("ui_status") UiClusterStatus uiStatus,
    @JsonProperty("desired_state") String desiredState,
    @JsonProperty("status_message") String statusMessage,
    @JsonProperty("user") String user,
    @JsonProperty("cloud_env") String cloudEnv,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("status_changed_at") Instant statusChangedAt) {}
