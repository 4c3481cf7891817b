package com.darwin.compute.model.runtime;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One entry of {@code GET /get-runtimes}. */
public record RuntimeSummary(
    @JsonProperty("name") String name,
    @JsonProperty("created_by") String createdBy,
    @JsonProperty("image") String image,
    @JsonProperty("ray_version") String rayVersion) {}
