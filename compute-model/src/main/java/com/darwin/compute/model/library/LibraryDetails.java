package com.darwin.compute.model.library;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code GET /cluster/{id}/library/{library_id}}: the Python service's {@code
 * LibraryDetailsResponse}, plus {@code pods} (every pod's attempt, with its log).
 */
public record LibraryDetails(
    @JsonProperty("cluster_id") String clusterId,
    @JsonProperty("id") String id,
    @JsonProperty("name") String name,
    @JsonProperty("version") String version,
    @JsonProperty("type") LibraryType type,
    @JsonProperty("source") LibrarySource source,
    @JsonProperty("path") String path,
    @JsonProperty("content") String content,
    @JsonProperty("error") LibraryError error,
    @JsonProperty("status") LibraryStatus status,
    @JsonProperty("pods") List<PodInstall> pods) {}
