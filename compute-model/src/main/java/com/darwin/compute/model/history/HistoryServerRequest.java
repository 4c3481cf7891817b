package com.darwin.compute.model.history;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /spark-history-server}: the Python service's body. {@code resource} is a cluster id
 * (or a configured project); {@code ttl} is in minutes (the configured default when absent); {@code
 * events_path} defaults to the resource's folder under the configured S3 prefix or workspace
 * folder; {@code cloud_env} to the cluster's target.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HistoryServerRequest(
    @NotBlank @Size(max = 255) @JsonProperty("resource") String resource,
    @Size(max = 255) @JsonProperty("user") String user,
    @JsonProperty("ttl") Integer ttl,
    @JsonProperty("filesystem") HistoryFilesystem filesystem,
    @Size(max = 1024) @JsonProperty("events_path") String eventsPath,
    @Size(max = 64) @JsonProperty("cloud_env") String cloudEnv) {

  public static HistoryServerRequest of(String resource, String user) {
    return new HistoryServerRequest(resource, user, null, null, null, null);
  }

  public HistoryFilesystem filesystemOrDefault() {
    return filesystem == null ? HistoryFilesystem.S3 : filesystem;
  }
}
