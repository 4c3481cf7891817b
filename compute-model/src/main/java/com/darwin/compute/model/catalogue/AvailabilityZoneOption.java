package com.darwin.compute.model.catalogue;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One entry of {@code GET /get-az}. */
public record AvailabilityZoneOption(
    @JsonProperty("az_id") String azId, @JsonProperty("display_name") String displayName) {}
