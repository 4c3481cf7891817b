package com.darwin.compute.sdk;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code POST /cluster/cost/predict}: the hourly cost range of a cluster definition. */
public record CostEstimate(
    @JsonProperty("min_cost") double minCost, @JsonProperty("max_cost") double maxCost) {}
