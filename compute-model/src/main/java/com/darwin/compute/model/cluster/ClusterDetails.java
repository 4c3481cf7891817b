package com.darwin.compute.model.cluster;

import com.darwin.compute.model.common.Envelope;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /cluster/{id}}: the full view, in the Python service's read shape. The workspace
 * service, the in-cluster darwin SDK (strict dataclasses) and Darwin Workflow read it key by key,
 * so the nested objects carry exactly the Python keys; what this service adds ({@code
 * detailed_status}, {@code cloud_env}, {@code active_cluster_runid}, {@code
 * head_node_disk_setting}, {@code env_from_secrets}) is only at the top level of {@code data},
 * where no client looks.
 */
public record ClusterDetails(
    @JsonProperty("cluster_id") String clusterId,
    @JsonProperty("name") String name,
    @JsonProperty("tags") List<String> tags,
    @JsonProperty("labels") Map<String, String> labels,
    @JsonProperty("runtime") String runtime,
    @JsonProperty("auto_termination_policies") List<AutoTerminationPolicy> autoTerminationPolicies,
    @JsonProperty("inactive_time") int inactiveTime,
    @JsonProperty("status") UiClusterStatus status,
    @JsonProperty("user") String user,
    @JsonProperty("head_node_config") Head headNodeConfig,
    @JsonProperty("worker_node_configs") List<WorkerGroup> workerNodeConfigs,
    @JsonProperty("advance_config") Advanced advanceConfig,
    @JsonProperty("dashboards") Envelope<Dashboards> dashboards,
    @JsonProperty("created_on") Instant createdOn,
    @JsonProperty("is_job_cluster") boolean isJobCluster,
    @JsonProperty("detailed_status") ClusterStatus detailedStatus,
    @JsonProperty("cloud_env") String cloudEnv,
    @JsonProperty("active_cluster_runid") String activeClusterRunid,
    @JsonProperty("head_node_disk_setting") Disk headNodeDiskSetting,
    @JsonProperty("env_from_secrets") List<String> envFromSecrets) {

  /**
   * The request that recreates this cluster's definition (what Darwin Workflow does when it turns
   * an interactive cluster into a job cluster): rename it or adjust it, then create it. It is not
   * started unless the copy says so.
   */
  public ClusterRequest toRequest() {
    Head head = headNodeConfig;
    HeadNodeConfig headConfig =
        head == null
            ? null
            : new HeadNodeConfig(
                head.headNodeCores(),
                head.headNodeMemory(),
                diskSetting(headNodeDiskSetting),
                head.nodeType(),
                head.nodeCapacityType(),
                head.gpuPod());
    List<WorkerNodeConfig> workers =
        workerNodeConfigs == null
            ? List.of()
            : workerNodeConfigs.stream()
                .map(
                    w ->
                        new WorkerNodeConfig(
                            w.cores(),
                            w.memory(),
                            w.minPods(),
                            w.maxPods(),
                            diskSetting(w.diskSetting()),
                            w.nodeType(),
                            w.nodeCapacityType(),
                            w.gpuPod()))
                .toList();
    return new ClusterRequest(
        name,
        tags,
        labels,
        runtime,
        inactiveTime,
        autoTerminationPolicies,
        headConfig,
        workers,
        advanceConfig == null ? null : advanceConfig.toRequest(envFromSecrets),
        user,
        isJobCluster,
        false,
        cloudEnv,
        null,
        null);
  }

  private static DiskSetting diskSetting(Disk disk) {
    return disk == null ? null : new DiskSetting(disk.diskType(), disk.diskSize());
  }

  /**
   * The head pod. {@code node_capacity_type} is always set (the Python service answered null for a
   * GPU head, which the strict clients declare as a string).
   */
  public record Head(
      @JsonProperty("head_node_cores") int headNodeCores,
      @JsonProperty("head_node_memory") int headNodeMemory,
      @JsonProperty("node_type") String nodeType,
      @JsonProperty("node_capacity_type") CapacityType nodeCapacityType,
      @JsonProperty("gpu_pod") GpuPodConfig gpuPod) {}

  /** One worker group: the size of one pod and the pod counts. */
  public record WorkerGroup(
      @JsonProperty("cores") int cores,
      @JsonProperty("memory") int memory,
      @JsonProperty("min_pods") int minPods,
      @JsonProperty("max_pods") int maxPods,
      @JsonProperty("disk_setting") Disk diskSetting,
      @JsonProperty("node_type") String nodeType,
      @JsonProperty("node_capacity_type") CapacityType nodeCapacityType,
      @JsonProperty("gpu_pod") GpuPodConfig gpuPod) {}

  /** A scratch disk as the Python service stored it ({@code disk_size} in GB). */
  public record Disk(
      @JsonProperty("disk_type") String diskType, @JsonProperty("disk_size") int diskSize) {}

  /**
   * Advanced settings. {@code init_script} is the commands joined by newlines; {@code
   * instance_role} and {@code availability_zone} are the catalogue entries (null when none
   * matches); {@code ray_start_params} are the values the head is started with.
   */
  public record Advanced(
      @JsonProperty("env_variables") String envVariables,
      @JsonProperty("log_path") String logPath,
      @JsonProperty("init_script") String initScript,
      @JsonProperty("instance_role") Role instanceRole,
      @JsonProperty("availability_zone") Zone availabilityZone,
      @JsonProperty("ray_start_params") RayStartParams rayStartParams,
      @JsonProperty("spark_config") Map<String, Object> sparkConfig) {

    AdvanceConfig toRequest(List<String> envFromSecrets) {
      RayStartParams ray = rayStartParams;
      return new AdvanceConfig(
          envVariables,
          logPath,
          initScript,
          instanceRole == null
              ? null
              : new InstanceRole(
                  instanceRole.instanceRoleId(),
                  instanceRole.displayName(),
                  instanceRole.serviceAccountName()),
          availabilityZone == null
              ? null
              : new AvailabilityZone(availabilityZone.azId(), availabilityZone.displayName()),
          ray == null ? null : new RayParams(ray.objectStoreMemoryPerc(), ray.numCpusOnHead()),
          sparkConfig,
          // None read is none sent: an edit without them keeps the cluster's (which are none).
          envFromSecrets == null || envFromSecrets.isEmpty() ? null : envFromSecrets);
    }
  }

  /** An entry of the instance-role catalogue ({@code GET /get-instance-role}). */
  public record Role(
      @JsonProperty("instance_role_id") String instanceRoleId,
      @JsonProperty("display_name") String displayName,
      @JsonProperty("service_account_name") String serviceAccountName) {}

  /** An availability zone ({@code GET /get-az}). */
  public record Zone(
      @JsonProperty("az_id") String azId, @JsonProperty("display_name") String displayName) {}

  /** What Ray is started with on the head. */
  public record RayStartParams(
      @JsonProperty("object_store_memory_perc") int objectStoreMemoryPerc,
      @JsonProperty("num_cpus_on_head") int numCpusOnHead,
      @JsonProperty("num_gpus_on_head") int numGpusOnHead) {}
}
