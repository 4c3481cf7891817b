package com.darwin.compute.model.event;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One pod of {@code GET /cluster/{id}/pods}. */
public record PodView(
    @JsonProperty("name") String name,
    @JsonProperty("group") String group,
    @JsonProperty("node_type") String nodeType,
    @JsonProperty("phase") String phase,
    @JsonProperty("ready") boolean ready,
    @JsonProperty("reason") String reason) {}
