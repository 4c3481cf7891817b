package com.darwin.compute.model.cost;

import com.darwin.compute.model.common.FieldError;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /cluster/{id}/cost}: the hourly estimate and what each run has cost from its actual
 * running time, at the minimum and maximum hourly rate (the autoscaler decides where in between) of
 * the cluster's spec as it is now. Pods the price catalogue has no shape for count nothing and are
 * named in {@code unpriced}: then the figures are lower than the cost.
 */
public record ClusterCost(
    @JsonProperty("cluster_id") String clusterId,
    @JsonProperty("hourly") CostEstimate hourly,
    @JsonProperty("runs") List<RunCost> runs,
    @JsonProperty("total_min_cost") double totalMinCost,
    @JsonProperty("total_max_cost") double totalMaxCost,
    @JsonProperty("currency") String currency,
    @JsonProperty("unpriced") List<FieldError> unpriced) {

  /** One run: from its start to its stop (or now while it runs). */
  public record RunCost(
      @JsonProperty("run_id") String runId,
      @JsonProperty("started_at") Instant startedAt,
      @JsonProperty("ended_at") Instant endedAt,
      @JsonProperty("running") boolean running,
      @JsonProperty("hours") double hours,
      @JsonProperty("min_cost") double minCost,
      @JsonProperty("max_cost") double maxCost) {}
}
