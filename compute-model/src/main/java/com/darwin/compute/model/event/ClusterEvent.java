package com.darwin.compute.model.event;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * One event of {@code GET /cluster/{id}/events}. {@code caller_address} is where a requested change
 * came from (null for the service's own jobs and for Kubernetes events).
 */
public record ClusterEvent(
    @JsonProperty("id") long id,
    @JsonProperty("cluster_id") String clusterId,
    @JsonProperty("run_id") String runId,
    @JsonProperty("type") String type,
    @JsonProperty("severity") EventSeverity severity,
    @JsonProperty("source") String source,
    @JsonProperty("message") String message,
    @JsonProperty("actor") String actor,
    @JsonProperty("object_kind") String objectKind,
    @JsonProperty("object_name") String objectName,
    @JsonProperty("timestamp") Instant timestamp,
    @JsonProperty("caller_address") String callerAddress) {}
