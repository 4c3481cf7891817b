package com.darwin.compute.sdk.yaml;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The shape of a cluster file in the Python SDK's {@code request.yaml} format, field for field (its
 * {@code ComputeClusterDefinition}). Unknown keys are errors, so a typo is reported instead of
 * silently dropped.
 */
@JsonIgnoreProperties({"created_on", "cluster_id", "estimated_cost"}) // set by the service
record ClusterYamlDocument(
    @JsonProperty("name") String name,
    @JsonProperty("tags") List<String> tags,
    @JsonProperty("labels") Map<String, String> labels,
    @JsonProperty("runtime") String runtime,
    @JsonProperty("terminate_after_minutes") Integer terminateAfterMinutes,
    @JsonProperty("head_node") HeadNode headNode,
    @JsonProperty("worker_group") List<WorkerGroup> workerGroup,
    @JsonProperty("auto_termination_policies") List<Policy> autoTerminationPolicies,
    @JsonProperty("advance_config") Advance advanceConfig,
    @JsonProperty("user") String user,
    @JsonProperty("cloud_env") String cloudEnv,
    @JsonProperty("is_job_cluster") Boolean isJobCluster,
    @JsonProperty("start_cluster") Boolean startCluster,
    @JsonProperty("packages") List<PackageSpec> packages) {

  /** {@code head_node: {node: {...}, node_type}}. */
  record HeadNode(@JsonProperty("node") Node node, @JsonProperty("node_type") String nodeType) {}

  /** One entry of {@code worker_group}. */
  record WorkerGroup(
      @JsonProperty("node") Node node,
      @JsonProperty("min_pods") Integer minPods,
      @JsonProperty("max_pods") Integer maxPods,
      @JsonProperty("node_type") String nodeType) {}

  /**
   * A CPU node ({@code cores, memory, disk, node_capacity_type}) or, when the group's {@code
   * node_type} is {@code gpu}, a GPU shape ({@code name, cores, memory, gpu_count, g_ram_memory,
   * g_ram_type}).
   */
  record Node(
      @JsonProperty("cores") Integer cores,
      @JsonProperty("memory") Integer memory,
      @JsonProperty("disk") Disk disk,
      @JsonProperty("node_capacity_type") String nodeCapacityType,
      @JsonProperty("node_type") String nodeType,
      @JsonProperty("name") String name,
      @JsonProperty("gpu_count") Integer gpuCount,
      @JsonProperty("g_ram_memory") Integer gRamMemory,
      @JsonProperty("g_ram_type") String gRamType) {}

  /** {@code disk_size} is GB; the API calls it {@code storage_size}. */
  record Disk(
      @JsonProperty("disk_type") String diskType, @JsonProperty("disk_size") Integer diskSize) {}

  record Policy(
      @JsonProperty("policy_name") String policyName,
      @JsonProperty("params") Map<String, Object> params,
      @JsonProperty("enabled") Boolean enabled) {}

  /**
   * {@code env_variables} is {@code K=V} lines, {@code init_script} a list of commands, {@code
   * instance_role} the role's name.
   */
  record Advance(
      @JsonProperty("env_variables") String envVariables,
      @JsonProperty("log_path") String logPath,
      @JsonProperty("init_script") List<String> initScript,
      @JsonProperty("instance_role") String instanceRole,
      @JsonProperty("availability_zone") String availabilityZone,
      @JsonProperty("ray_start_params") RayStartParams rayStartParams,
      @JsonProperty("spark_config") Map<String, Object> sparkConfig) {}

  record RayStartParams(
      @JsonProperty("object_store_memory_perc") Integer objectStoreMemoryPerc,
      @JsonProperty("num_cpus_on_head") Integer numCpusOnHead,
      @JsonProperty("num_gpus_on_head") Integer numGpusOnHead) {}

  /** {@code {source: pypi|maven|s3|workspace, body: {name, version, path, metadata}}}. */
  record PackageSpec(
      @JsonProperty("source") String source, @JsonProperty("body") PackageBody body) {}

  record PackageBody(
      @JsonProperty("name") String name,
      @JsonProperty("version") String version,
      @JsonProperty("path") String path,
      @JsonProperty("metadata") MavenMetadata metadata) {}

  record MavenMetadata(
      @JsonProperty("repository") String repository,
      @JsonProperty("exclusions") String exclusions) {}
}
