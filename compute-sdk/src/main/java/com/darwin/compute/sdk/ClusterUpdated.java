package com.darwin.compute.sdk;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code PUT /cluster/{id}}: what the edit did. {@code outcome} is {@code saved}, {@code started},
 * {@code applied_in_place} or {@code restarted}.
 */
public record ClusterUpdated(
    @JsonProperty("cluster_id") String clusterId, @JsonProperty("outcome") String outcome) {

  /** Whether the edit recreates the pods, so a wait for {@code active} makes sense. */
  public boolean restartsPods() {
    return "restarted".equals(outcome) || "started".equals(outcome);
  }
}
