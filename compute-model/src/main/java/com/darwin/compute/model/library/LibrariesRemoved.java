package com.darwin.compute.model.library;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** The answer of an uninstall: {@code packages} is {@code [{"id": ...}]}. */
public record LibrariesRemoved(
    @JsonProperty("cluster_id") String clusterId,
    @JsonProperty("packages") List<Map<String, Long>> packages) {}
