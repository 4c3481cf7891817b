package com.darwin.compute.model.cluster;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import java.util.Map;

/**
 * One idleness policy ({@code JupyterLabActivity}, {@code ClusterCPUUsage}, {@code ActiveRayJob}).
 */
public record AutoTerminationPolicy(
    @NotBlank @JsonProperty("policy_name") String policyName,
    @JsonProperty("enabled") Boolean enabled,
    @JsonProperty("params") Map<String, Object> params) {

  public AutoTerminationPolicy {
    enabled = enabled == null ? Boolean.TRUE : enabled;
    params = params == null ? Map.of() : Map.copyOf(params);
  }
}
