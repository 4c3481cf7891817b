package com.darwin.compute.model.catalogue;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One entry of {@code GET /events/default-logs}: an event type and whether it is shown by default.
 */
public record EventTypeOption(
    @JsonProperty("event") String event, @JsonProperty("default") boolean isDefault) {}
