package com.darwin.compute.model.catalogue;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One entry of {@code GET /node-types}. */
public record NodeTypeOption(@JsonProperty("id") String id, @JsonProperty("label") String label) {}
