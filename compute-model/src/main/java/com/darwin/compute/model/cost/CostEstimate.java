package com.darwin.compute.model.cost;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a cluster costs per hour (USD): {@code min_cost} with every worker group at {@code
 * min_pods}, {@code max_cost} at {@code max_pods}.
 */
public record CostEstimate(
    @JsonProperty("min_cost") double minCost, @JsonProperty("max_cost") double maxCost) {

  /** The Python service's stored form, {@code "min-max"}. */
  public String asRange() {
    return minCost + "-" + maxCost;
  }
}
