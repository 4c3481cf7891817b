package com.darwin.compute.model.library;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A page of a cluster's libraries and how many match in all. */
public record LibraryList(
    @JsonProperty("cluster_id") String clusterId,
    @JsonProperty("result_size") long resultSize,
    @JsonProperty("packages") List<LibraryView> packages) {}
