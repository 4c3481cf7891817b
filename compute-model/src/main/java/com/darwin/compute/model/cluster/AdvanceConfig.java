package com.darwin.compute.model.cluster;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import java.util.Map;

/**
 * Advanced settings. {@code environment_variables} is {@code K=V} lines and {@code init_script} is
 * newline-separated commands, as in the Python API. The read shape's names ({@code env_variables},
 * {@code ray_start_params}) are accepted too.
 */
public record AdvanceConfig(
    @JsonProperty("environment_variables") @JsonAlias("env_variables") String environmentVariables,
    @JsonProperty("log_path") String logPath,
    @JsonProperty("init_script") String initScript,
    @Valid @JsonProperty("instance_role") InstanceRole instanceRole,
    @Valid @JsonProperty("availability_zone") AvailabilityZone availabilityZone,
    @Valid @JsonProperty("ray_params") @JsonAlias("ray_start_params") RayParams rayParams,
    @JsonProperty("spark_config") Map<String, Object> sparkConfig) {

  public AdvanceConfig {
    environmentVariables = environmentVariables == null ? "" : environmentVariables;
    logPath = logPath == null ? "" : logPath;
    initScript = initScript == null ? "" : initScript;
    sparkConfig = sparkConfig == null ? Map.of() : Map.copyOf(sparkConfig);
  }

  /** A copy with other environment lines (a read with credentials masked). */
  public AdvanceConfig withEnvironmentVariables(String lines) {
    return new AdvanceConfig(
        lines, logPath, initScript, instanceRole, availabilityZone, rayParams, sparkConfig);
  }

  public static AdvanceConfig defaults() {
    return new AdvanceConfig(null, null, null, null, null, null, null);
  }
}
