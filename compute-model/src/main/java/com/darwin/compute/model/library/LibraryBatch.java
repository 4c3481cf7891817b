package com.darwin.compute.model.library;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The answer of a batch install: every library of the request, new or already there. */
public record LibraryBatch(
    @JsonProperty("cluster_id") String clusterId,
    @JsonProperty("packages") List<LibraryView> packages) {}
