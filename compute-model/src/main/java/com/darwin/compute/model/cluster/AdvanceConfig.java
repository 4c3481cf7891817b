package com.darwin.compute.model.cluster;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Advanced settings. {@code environment_variables} is {@code K=V} lines and {@code init_script} is
 * newline-separated commands, as in the Python API. The read shape's names ({@code env_variables},
 * {@code ray_start_params}) are accepted too. {@code env_from_secrets} names Kubernetes Secrets
 * whose keys all become environment variables of every Ray container ({@code envFrom}). It is null
 * when a request does not send it: an edit then keeps the cluster's (the read shows them outside
 * {@code advance_config}, so a form built from the read has none), and {@code []} clears them.
 * Written only when given, and stored as null when empty, so specs stored before it existed read
 * and hash the same.
 */
public record AdvanceConfig(
    @JsonProperty("environment_variables") @JsonAlias("env_variables") String environmentVariables,
    @JsonProperty("log_path") String logPath,
    @JsonProperty("init_script") String initScript,
    @Valid @JsonProperty("instance_role") InstanceRole instanceRole,
    @Valid @JsonProperty("availability_zone") AvailabilityZone availabilityZone,
    @Valid @JsonProperty("ray_params") @JsonAlias("ray_start_params") RayParams rayParams,
    @JsonProperty("spark_config") Map<String, Object> sparkConfig,
    @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("env_from_secrets")
        List<String> envFromSecrets) {

  public AdvanceConfig {
    environmentVariables = environmentVariables == null ? "" : environmentVariables;
    logPath = logPath == null ? "" : logPath;
    initScript = initScript == null ? "" : initScript;
    sparkConfig = sparkConfig == null ? Map.of() : Map.copyOf(sparkConfig);
    // Unmodifiable but null-tolerant: a null entry must reach the validator to be refused as a 400.
    // Null itself is kept: "not sent", which an edit reads as "unchanged".
    envFromSecrets =
        envFromSecrets == null
            ? null
            : Collections.unmodifiableList(new ArrayList<>(envFromSecrets));
  }

  /** Without Secrets to take the environment from (as every request before they existed). */
  public AdvanceConfig(
      String environmentVariables,
      String logPath,
      String initScript,
      InstanceRole instanceRole,
      AvailabilityZone availabilityZone,
      RayParams rayParams,
      Map<String, Object> sparkConfig) {
    this(
        environmentVariables,
        logPath,
        initScript,
        instanceRole,
        availabilityZone,
        rayParams,
        sparkConfig,
        null);
  }

  /** A copy with other environment lines (a read with credentials masked). */
  public AdvanceConfig withEnvironmentVariables(String lines) {
    return new AdvanceConfig(
        lines,
        logPath,
        initScript,
        instanceRole,
        availabilityZone,
        rayParams,
        sparkConfig,
        envFromSecrets);
  }

  /** The Secrets to take variables from; none when not sent. */
  @JsonIgnore
  public List<String> secretSources() {
    return envFromSecrets == null ? List.of() : envFromSecrets;
  }

  /** A copy taking its environment from these Secrets. */
  public AdvanceConfig withEnvFromSecrets(List<String> secrets) {
    return new AdvanceConfig(
        environmentVariables,
        logPath,
        initScript,
        instanceRole,
        availabilityZone,
        rayParams,
        sparkConfig,
        secrets);
  }

  public static AdvanceConfig defaults() {
    return new AdvanceConfig(null, null, null, null, null, null, null, null);
  }
}
