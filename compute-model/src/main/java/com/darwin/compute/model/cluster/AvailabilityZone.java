package com.darwin.compute.model.cluster;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;

/** An availability zone to pin the pods to; empty means "any". */
public record AvailabilityZone(
    @JsonProperty("id") @JsonAlias("az_id") String id,
    @JsonProperty("display_name") String displayName) {}
