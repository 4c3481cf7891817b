package com.darwin.compute.model.library;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code GET /cluster/{id}/library/{library_id}/status}. */
public record LibraryStatusView(
    @JsonProperty("library_id") String libraryId,
    @JsonProperty("cluster_id") String clusterId,
    @JsonProperty("status") LibraryStatus status) {}
