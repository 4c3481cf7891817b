package com.darwin.compute.model.library;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** A library of a cluster: the Python service's {@code LibraryDTO}. */
public record LibraryView(
    @JsonProperty("cluster_id") String clusterId,
    @JsonProperty("name") String name,
    @JsonProperty("status") LibraryStatus status,
    @JsonProperty("id") long id,
    @JsonProperty("version") String version,
    @JsonProperty("type") LibraryType type,
    @JsonProperty("source") LibrarySource source,
    @JsonProperty("path") String path,
    @JsonProperty("metadata") MavenMetadata metadata,
    @JsonProperty("execution_id") String executionId,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("updated_at") Instant updatedAt) {}
