package com.darwin.compute.model.catalogue;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * {@code GET /health/deep}. {@code compute} and {@code dcm} are the Python service's keys: the
 * service's own stores, and what applies clusters (its cluster manager then, the Kubernetes targets
 * now). {@code checks} has one entry per dependency: {@code SUCCESS} or why it failed.
 */
public record DeepHealth(
    @JsonProperty("compute") String compute,
    @JsonProperty("dcm") String dcm,
    @JsonProperty("checks") Map<String, String> checks) {

  public static final String SUCCESS = "SUCCESS";
  public static final String FAILURE = "FAILURE";

  public boolean healthy() {
    return SUCCESS.equals(compute) && SUCCESS.equals(dcm);
  }
}
