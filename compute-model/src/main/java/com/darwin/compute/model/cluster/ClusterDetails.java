package com.darwin.compute.model.cluster;

import com.darwin.compute.model.common.Envelope;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@code GET /cluster/{id}}: the full view, field names as in the Python service. */
public record ClusterDetails(
    @JsonProperty("cluster_id") String clusterId,
    @JsonProperty("name") String name,
    @JsonProperty("tags") List<String> tags,
    @JsonProperty("labels") Map<String, String> labels,
    @JsonProperty("runtime") String runtime,
    @JsonProperty("auto_termination_policies") List<AutoTerminationPolicy> autoTerminationPolicies,
    @JsonProperty("inactive_time") int inactiveTime,
    @JsonProperty("status") UiClusterStatus status,
    @JsonProperty("detailed_status") ClusterStatus detailedStatus,
    @JsonProperty("user") String user,
    @JsonProperty("head_node_config") HeadNodeConfig headNodeConfig,
    @JsonProperty("worker_node_configs") List<WorkerNodeConfig> workerNodeConfigs,
    @JsonProperty("advance_config") AdvanceConfig advanceConfig,
    @JsonProperty("dashboards") Envelope<Dashboards> dashboards,
    @JsonProperty("created_on") Instant createdOn,
    @JsonProperty("is_job_cluster") boolean isJobCluster,
    @JsonProperty("cloud_env") String cloudEnv,
    @JsonProperty("active_cluster_runid") String activeClusterRunid) {}
