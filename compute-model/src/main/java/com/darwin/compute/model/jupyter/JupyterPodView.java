package com.darwin.compute.model.jupyter;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * One Jupyter pod as operators see it: where it runs, whom it serves, its status from the watches,
 * and (for a single pod) its timeline.
 */
public record JupyterPodView(
    @JsonProperty("pod_name") String podName,
    @JsonProperty("cloud_env") String cloudEnv,
    @JsonProperty("namespace") String namespace,
    @JsonProperty("consumer_id") String consumerId,
    @JsonProperty("attached_by") String attachedBy,
    @JsonProperty("status") JupyterPodStatus status,
    @JsonProperty("status_message") String statusMessage,
    @JsonProperty("jupyterLink") String jupyterLink,
    @JsonProperty("restarts") int restarts,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("attached_at") Instant attachedAt,
    @JsonProperty("ready_at") Instant readyAt,
    @JsonProperty("last_activity") Instant lastActivity,
    @JsonProperty("deleted_at") Instant deletedAt,
    @JsonProperty("timeline") List<JupyterPodEvent> timeline) {}
