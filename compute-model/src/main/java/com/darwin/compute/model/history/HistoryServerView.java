package com.darwin.compute.model.history;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A Spark History Server in the Python service's shape ({@code id, resource, user, ttl, filesystem,
 * events_path, cloud_env, started_at, status, url}), plus when its time to live ends ({@code
 * expires_at}, null once stopped), when it was stopped, and why it failed.
 */
public record HistoryServerView(
    @JsonProperty("id") String id,
    @JsonProperty("resource") String resource,
    @JsonProperty("user") String user,
    @JsonProperty("ttl") int ttl,
    @JsonProperty("filesystem") HistoryFilesystem filesystem,
    @JsonProperty("events_path") String eventsPath,
    @JsonProperty("cloud_env") String cloudEnv,
    @JsonProperty("started_at") Instant startedAt,
    @JsonProperty("status") HistoryServerStatus status,
    @JsonProperty("url") String url,
    @JsonProperty("expires_at") Instant expiresAt,
    @JsonProperty("stopped_at") Instant stoppedAt,
    @JsonProperty("status_message") String statusMessage) {}
