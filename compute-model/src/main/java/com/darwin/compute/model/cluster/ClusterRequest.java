package com.darwin.compute.model.cluster;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A cluster as the Darwin UI and the SDKs describe it ({@code POST /cluster}, {@code PUT
 * /cluster/{id}}). Shape checks live here; checks that need configuration or the database (node
 * limits, GPU catalogue, runtimes, min/max pods) are done by the service.
 */
public record ClusterRequest(
    @NotBlank
        @Size(max = 63)
        @Pattern(
            regexp = NAME_PATTERN,
            message = "must start and end with a letter or digit and contain only [-_.A-Za-z0-9]")
        @JsonProperty("cluster_name")
        String clusterName,
    @JsonProperty("tags") List<@NotBlank @Size(max = 63) String> tags,
    @JsonProperty("labels") Map<String, String> labels,
    @NotBlank @Size(max = 255) @JsonProperty("runtime") String runtime,
    @NotNull @JsonProperty("inactive_time") Integer inactiveTime,
    @JsonProperty("auto_termination_policies")
        List<@Valid @NotNull AutoTerminationPolicy> autoTerminationPolicies,
    @NotNull @Valid @JsonProperty("head_node_config") HeadNodeConfig headNodeConfig,
    @NotNull @JsonProperty("worker_node_configs")
        List<@Valid @NotNull WorkerNodeConfig> workerNodeConfigs,
    @Valid @JsonProperty("advance_config") AdvanceConfig advanceConfig,
    @NotBlank
        @Size(max = 255)
        @Pattern(regexp = USER_PATTERN, message = "must be a user name or an e-mail address")
        @JsonProperty("user")
        String user,
    @JsonProperty("is_job_cluster") Boolean isJobCluster,
    @JsonProperty("start_cluster") Boolean startCluster,
    @JsonProperty("cloud_env") String cloudEnv,
    @JsonProperty("packages_clone_from") String packagesCloneFrom,
    @JsonProperty("packages") List<Map<String, Object>> packages) {

  /** The Python service's Kubernetes-label check, without its acceptance of the empty string. */
  public static final String NAME_PATTERN = "^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$";

  /** A user name, optionally an e-mail address (the Python service's USER_CHECK). */
  public static final String USER_PATTERN =
      "^([A-Za-z0-9][-A-Za-z0-9_.+]*)?[A-Za-z0-9](@[A-Za-z0-9.-]+\\.[A-Za-z]{2,})?$";

  public ClusterRequest {
    tags = tags == null ? List.of() : List.copyOf(tags);
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    autoTerminationPolicies =
        autoTerminationPolicies == null ? null : List.copyOf(autoTerminationPolicies);
    workerNodeConfigs = workerNodeConfigs == null ? null : List.copyOf(workerNodeConfigs);
    advanceConfig = advanceConfig == null ? AdvanceConfig.defaults() : advanceConfig;
    isJobCluster = isJobCluster != null && isJobCluster;
    startCluster = startCluster == null || startCluster;
    packages = packages == null ? List.of() : List.copyOf(packages);
  }

  /** Sum of {@code min_pods} over the worker groups: the workers an active cluster must have. */
  public int requiredWorkerPods() {
    return workerNodeConfigs == null
        ? 0
        : workerNodeConfigs.stream().mapToInt(w -> w.minPods() == null ? 0 : w.minPods()).sum();
  }

  /** Cores of the head plus every worker group at {@code max_pods}. */
  public int totalCores() {
    int total = headNodeConfig == null ? 0 : headNodeConfig.effectiveCores();
    if (workerNodeConfigs != null) {
      for (WorkerNodeConfig w : workerNodeConfigs) {
        total += w.effectiveCores() * (w.maxPods() == null ? 0 : w.maxPods());
      }
    }
    return total;
  }

  /** Memory (GB) of the head plus every worker group at {@code max_pods}. */
  public int totalMemory() {
    int total = headNodeConfig == null ? 0 : headNodeConfig.effectiveMemory();
    if (workerNodeConfigs != null) {
      for (WorkerNodeConfig w : workerNodeConfigs) {
        total += w.effectiveMemory() * (w.maxPods() == null ? 0 : w.maxPods());
      }
    }
    return total;
  }

  /** A copy with the auto-termination policies replaced (used to apply the SDK defaults). */
  public ClusterRequest withAutoTerminationPolicies(List<AutoTerminationPolicy> policies) {
    return with(c -> c.autoTerminationPolicies = policies);
  }

  /** A copy with another {@code inactive_time} (a job cluster's is the platform's). */
  public ClusterRequest withInactiveTime(int minutes) {
    return with(c -> c.inactiveTime = minutes);
  }

  /** A copy that is (or is not) started right after it is created. */
  public ClusterRequest withStartCluster(boolean start) {
    return with(c -> c.startCluster = start);
  }

  /** A copy under another name (a derived unique name, or a clone's new name). */
  public ClusterRequest withClusterName(String name) {
    return with(c -> c.clusterName = name);
  }

  /** A copy with other advanced settings (a read with credentials masked). */
  public ClusterRequest withAdvanceConfig(AdvanceConfig config) {
    return with(c -> c.advanceConfig = config);
  }

  /** A copy on another runtime. */
  public ClusterRequest withRuntime(String otherRuntime) {
    return with(c -> c.runtime = otherRuntime);
  }

  /** A copy placed on a resolved Kubernetes target. */
  public ClusterRequest withCloudEnv(String resolvedCloudEnv) {
    return with(c -> c.cloudEnv = resolvedCloudEnv);
  }

  /** A copy owned by someone else. */
  public ClusterRequest withUser(String newUser) {
    return with(c -> c.user = newUser);
  }

  /** The request without its libraries (they are kept as libraries, not in the spec). */
  public ClusterRequest withoutPackages() {
    return with(
        c -> {
          c.packagesCloneFrom = null;
          c.packages = null;
        });
  }

  /** A copy with its tags replaced. */
  public ClusterRequest withTags(List<String> newTags) {
    return with(c -> c.tags = newTags);
  }

  private ClusterRequest with(Consumer<Copy> change) {
    Copy copy = new Copy(this);
    change.accept(copy);
    return copy.request();
  }

  /** The fields of a request, to change some of and make a new one of (the copies above). */
  private static final class Copy {
    String clusterName;
    List<String> tags;
    Map<String, String> labels;
    String runtime;
    Integer inactiveTime;
    List<AutoTerminationPolicy> autoTerminationPolicies;
    HeadNodeConfig headNodeConfig;
    List<WorkerNodeConfig> workerNodeConfigs;
    AdvanceConfig advanceConfig;
    String user;
    Boolean isJobCluster;
    Boolean startCluster;
    String cloudEnv;
    String packagesCloneFrom;
    List<Map<String, Object>> packages;

    Copy(ClusterRequest r) {
      clusterName = r.clusterName;
      tags = r.tags;
      labels = r.labels;
      runtime = r.runtime;
      inactiveTime = r.inactiveTime;
      autoTerminationPolicies = r.autoTerminationPolicies;
      headNodeConfig = r.headNodeConfig;
      workerNodeConfigs = r.workerNodeConfigs;
      advanceConfig = r.advanceConfig;
      user = r.user;
      isJobCluster = r.isJobCluster;
      startCluster = r.startCluster;
      cloudEnv = r.cloudEnv;
      packagesCloneFrom = r.packagesCloneFrom;
      packages = r.packages;
    }

    ClusterRequest request() {
      return new ClusterRequest(
          clusterName,
          tags,
          labels,
          runtime,
          inactiveTime,
          autoTerminationPolicies,
          headNodeConfig,
          workerNodeConfigs,
          advanceConfig,
          user,
          isJobCluster,
          startCluster,
          cloudEnv,
          packagesCloneFrom,
          packages);
    }
  }
}
